"""Arrears in the back office: the list by agency and age, reminders, and payment plans. Agents and
managers see their agencies' households; accountants see every household."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.errors import DomainError
from palier.estates.queries import agencies_for
from palier.rent import arrears
from palier.rent.arrears_models import PlanState
from palier.rent.queries import get_tenancy_for_ledger

from .permissions import nav_for, staff_only

ARREARS = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
PAGE_SIZE = 50


class ArrearsFilter(forms.Form):
    agency = forms.TypedChoiceField(label=gettext_lazy("Agency"), required=False, coerce=int, empty_value=None)
    band = forms.ChoiceField(label=gettext_lazy("How late"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("All my agencies"))] + [(a.pk, a.name) for a in agencies]
        self.fields["band"].choices = [("", _("All"))] + list(arrears.Band.CHOICES)


class PlanForm(forms.Form):
    monthly = forms.DecimalField(label=gettext_lazy("Amount of each instalment (€)"), max_digits=9, decimal_places=2,
                                 localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    first_due_on = forms.DateField(
        label=gettext_lazy("First instalment on"), input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _context(request, **extra):
    return {"nav": nav_for(request.user), "here": "arrears", **extra}


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_only(ARREARS)
def arrears_list(request):
    agencies = list(agencies_for(request.user).order_by("name"))
    filters = ArrearsFilter(request.GET or None, agencies=agencies)
    agency_id, band = None, ""
    if filters.is_valid():
        agency_id, band = filters.cleaned_data["agency"], filters.cleaned_data["band"]
    computed_at = arrears.arrears_computed_at()
    rows = arrears.arrears_for(request.user, agency_id=agency_id, band=band)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = arrears.decorate(list(page.object_list))
    return render(request, "backoffice/arrears/list.html", _context(
        request, filters=filters, page=page, query=_query_without_page(request), computed_at=computed_at,
        requested=arrears.plans_for(request.user, state=PlanState.REQUESTED).count()))


@staff_only(ARREARS)
@require_POST
def arrears_refresh(request):
    """Compute the list again now (it is computed every night; a payment booked since shows after)."""
    count = arrears.refresh_arrears()
    record(request.acting, "rent.arrears_refreshed", data={"lines": count})
    messages.success(request, _("The list is up to date."))
    return redirect("backoffice:arrears")


@staff_only(ARREARS)
@require_POST
def send_reminder(request, pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    try:
        reminder = arrears.send_reminder(acting=request.acting, tenancy=tenancy)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The %(reminder)s is sent to %(name)s.") % {
            "reminder": reminder.get_level_display(), "name": tenancy.household.name})
    return redirect("backoffice:arrears")


@staff_only(ARREARS)
def plan_list(request):
    state = request.GET.get("state", "")
    if state not in PlanState.values:
        state = ""
    page = Paginator(arrears.plans_for(request.user, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/arrears/plans.html", _context(
        request, page=page, state=state, states=PlanState.choices))


@staff_only(ARREARS)
def plan_new(request, pk):
    """Agree on a plan with a household: their amount (it runs at once), or another one (proposed
    to the household, which says yes or no on its rent page)."""
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    current = arrears.open_plan_of(tenancy)
    if current is not None and current.state != PlanState.REQUESTED:
        return redirect("backoffice:plan-detail", pk=current.pk)
    initial = {"first_due_on": (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=10)}
    if current is not None and current.offered_monthly:
        initial["monthly"] = current.offered_monthly
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = arrears.agree_plan(acting=request.acting, tenancy=tenancy, monthly=data["monthly"],
                                      first_due_on=data["first_due_on"], note=data["note"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if plan.state == PlanState.PROPOSED:
                messages.success(request, _("Your proposal is sent to the household. We will tell you their answer."))
            else:
                messages.success(request, _("The payment plan is agreed. The household is told."))
            return redirect("backoffice:plan-detail", pk=plan.pk)
    return render(request, "backoffice/arrears/plan_form.html", _context(
        request, form=form, tenancy=tenancy, requested=current, owed=arrears.owed_by(tenancy)))


@staff_only(ARREARS)
def plan_detail(request, pk):
    plan = arrears.get_plan_for(request.acting, pk)
    return render(request, "backoffice/arrears/plan.html", _context(
        request, plan=plan, instalments=list(plan.instalments.all()), owed=arrears.owed_by(plan.tenancy)))


@staff_only(ARREARS)
@require_POST
def plan_cancel(request, pk):
    plan = arrears.get_plan_for(request.acting, pk)
    arrears.cancel_plan(acting=request.acting, plan=plan)
    messages.success(request, _("The payment plan is cancelled."))
    return redirect("backoffice:plan-detail", pk=plan.pk)
