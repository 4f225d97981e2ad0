"""Direct debit in the back office: the mandates (signed at the counter for a household, stopped
on request), and the accountant's batches (prepare for a date, download the pain.008 file, mark
collected)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts import reauth
from palier.accounts.models import Role
from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.rent import direct_debit as debits
from palier.rent.debit_models import BatchState, DebitBatch, MandateState
from palier.rent.queries import get_tenancy_for_ledger

from .permissions import nav_for, staff_only

DEBIT_DESK = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
BATCHES = frozenset({Role.ACCOUNTANT})
PAGE_SIZE = 50


class CounterMandateForm(forms.Form):
    signatory = forms.ChoiceField(label=gettext_lazy("Who signs?"))
    account_holder = forms.CharField(label=gettext_lazy("Name of the account holder"), max_length=70)
    iban = forms.CharField(label=gettext_lazy("Account number (IBAN)"), max_length=42,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    signed_paper = forms.BooleanField(label=gettext_lazy("The tenant signed the mandate form in front of me."))
    secret = forms.CharField(
        label=gettext_lazy("Your password, to set an account number"), strip=False, max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = {str(p.pk): p for p in persons}
        self.fields["signatory"].choices = [(str(p.pk), p.full_name) for p in persons]


class BatchForm(forms.Form):
    due_on = forms.DateField(
        label=gettext_lazy("Collection date"), input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _context(request, **extra):
    return {"nav": nav_for(request.user), "here": "debits", **extra}


@staff_only(DEBIT_DESK)
def mandate_list(request):
    state = request.GET.get("state", MandateState.ACTIVE)
    if state not in MandateState.values:
        state = MandateState.ACTIVE
    mandates = (debits.staff_mandates(request.user).filter(state=state)
                .select_related("tenancy__household").order_by("-created_at", "-pk"))
    page = Paginator(mandates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/debit/mandates.html", _context(
        request, page=page, state=state, states=MandateState.choices,
        can_batch=request.user.role in BATCHES))


@staff_only(DEBIT_DESK)
def mandate_new(request, pk):
    """Staff at the counter sign a mandate up for a household that came with its bank details."""
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    persons = debits.signatories(tenancy)
    form = CounterMandateForm(request.POST or None, persons=persons,
                              initial={"account_holder": persons[0].full_name if persons else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = form.persons[data["signatory"]]
        acting = request.acting.on_behalf_of(person, channel=Channel.COUNTER)
        try:
            reauth.confirm_identity(request, acting=acting, secret=data["secret"])
            debits.sign_mandate(acting=acting, tenancy=tenancy, account_holder=data["account_holder"],
                                iban=data["iban"], signatory=person, reauthenticated=True)
            reauth.forget(request)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The direct debit of %(name)s is set up.") % {"name": tenancy.household.name})
            return redirect("backoffice:tenant-ledger", pk=tenancy.pk)
    return render(request, "backoffice/debit/mandate_form.html", _context(
        request, form=form, tenancy=tenancy, current=debits.active_mandate_of(tenancy), here="tenants"))


@staff_only(DEBIT_DESK)
@require_POST
def mandate_cancel(request, pk):
    mandate = debits.get_mandate_for(request.acting, pk)
    debits.cancel_mandate(acting=request.acting, mandate=mandate)
    messages.success(request, _("The mandate %(reference)s is stopped.") % {"reference": mandate.reference})
    return redirect("backoffice:debit-mandates")


def _default_due_on() -> dt.date:
    """The first day of next month that leaves the notice period, as a suggestion."""
    earliest = timezone.localdate() + dt.timedelta(days=debits.notice_days())
    first = (earliest.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return earliest if earliest.day == 1 else first


@staff_only(BATCHES)
def batch_list(request):
    form = BatchForm(request.POST or None, initial={"due_on": _default_due_on()})
    if request.method == "POST" and form.is_valid():
        try:
            batch = debits.prepare_batch(acting=request.acting, due_on=form.cleaned_data["due_on"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The batch is prepared. Each tenant is told the amount and the date."))
            return redirect("backoffice:debit-batch", pk=batch.pk)
    page = Paginator(DebitBatch.objects.order_by("-due_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/debit/batches.html", _context(
        request, form=form, page=page, notice_days=debits.notice_days()))


@staff_only(BATCHES)
def batch_detail(request, pk):
    batch = debits.get_batch_for(request.acting, pk)
    count, total = debits.batch_totals(batch)
    rows = batch.debits.select_related("tenancy__household", "mandate").order_by("pk")
    return render(request, "backoffice/debit/batch.html", _context(
        request, batch=batch, count=count, total=total, page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        can_collect=batch.state == BatchState.EXPORTED and batch.due_on <= timezone.localdate()))


@staff_only(BATCHES)
def batch_file(request, pk):
    batch = debits.get_batch_for(request.acting, pk)
    try:
        xml = debits.export_batch(acting=request.acting, batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:debit-batch", pk=batch.pk)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.xml"'
    response["Cache-Control"] = "no-store"
    return response


@staff_only(BATCHES)
@require_POST
def batch_collected(request, pk):
    batch = debits.get_batch_for(request.acting, pk)
    try:
        booked = debits.mark_batch_collected(acting=request.acting, batch=batch)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s payments by direct debit are booked.") % {"count": booked})
    return redirect("backoffice:debit-batch", pk=batch.pk)


@staff_only(BATCHES)
def returns_list(request):
    """Direct debits the banks sent back, newest first, with what the bank's reason code means."""
    rows = debits.returned_debits(request.acting)
    return render(request, "backoffice/debit/returns.html", _context(
        request, page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))))
