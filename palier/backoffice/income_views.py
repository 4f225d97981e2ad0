"""The rent revision in the back office: open a campaign, follow it, remind; check a household's
income documents (each view of a file is an audit event), scan a paper copy at the counter, and
record the rent decision, which deletes the documents.

Agents and managers of the household's agency; a whole-landlord campaign is opened by a manager.
Accountants, technicians and administrators see none of it (404)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.audit.services import record_sensitive_read
from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.income import files
from palier.income import queries as income
from palier.income import services as income_services
from palier.income.models import Status

from .permissions import nav_for, staff_only

RENT_STAFF = frozenset({Role.AGENT, Role.MANAGER})
PAGE_SIZE = 50


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year of the rent"), min_value=2000, max_value=2100)
    agency = forms.ChoiceField(label=gettext_lazy("Households of"))
    deadline = forms.DateField(label=gettext_lazy("Documents expected by"),
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in user.agencies.all()}
        choices = [(pk, a.name) for pk, a in self.agencies.items()]
        if user.role == Role.MANAGER:
            choices.append(("all", _("All agencies of the landlord")))
        self.fields["agency"].choices = choices


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("What is missing?"), max_length=500,
                             help_text=gettext_lazy("The household reads this. Use short, plain words."))


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=gettext_lazy("Date of the final rent decision"),
                                 widget=forms.DateInput(attrs={"type": "date"}))


class ScanForm(forms.Form):
    document = forms.FileField(label=gettext_lazy("Scanned paper copy (PDF or image)"))


def _render(request, template, context, status=200):
    return render(request, template, {**context, "nav": nav_for(request.user), "here": "income"}, status=status)


@staff_only(RENT_STAFF)
def campaign_list(request):
    return _render(request, "backoffice/income/campaigns.html", {"campaigns": income.campaigns_for(request.user)})


@staff_only(RENT_STAFF)
def campaign_new(request):
    form = CampaignForm(request.POST or None, user=request.user,
                        initial={"year": timezone.localdate().year + 1,
                                 "deadline": timezone.localdate() + dt.timedelta(days=30)})
    if request.method == "POST" and form.is_valid():
        agency = form.agencies.get(form.cleaned_data["agency"])
        try:
            campaign = income_services.open_campaign(acting=request.acting, year=form.cleaned_data["year"],
                                                     deadline=form.cleaned_data["deadline"], agency=agency)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(count)s households were asked for their income documents.")
                             % {"count": campaign.households})
            return redirect("backoffice:income-campaign", campaign.pk)
    return _render(request, "backoffice/income/campaign_new.html", {"form": form},
                   status=400 if form.errors else 200)


@staff_only(RENT_STAFF)
def campaign_detail(request, pk):
    campaign = income.get_campaign_for(request.user, pk)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    page = Paginator(income.requests_of(campaign, request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return _render(request, "backoffice/income/campaign.html", {
        "campaign": campaign, "page": page, "counts": income.status_counts(campaign, request.user),
        "status": status, "statuses": Status.choices, "filter_query": f"status={status}" if status else "",
    })


@staff_only(RENT_STAFF)
@require_POST
def campaign_remind(request, pk):
    campaign = income.get_campaign_for(request.user, pk)
    try:
        queued = income_services.send_reminders(acting=request.acting, campaign=campaign)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s reminders were queued.") % {"count": queued})
    return redirect("backoffice:income-campaign", campaign.pk)


def _request_page(request, found, *, reason_form=None, decision_form=None, scan_form=None, status=200):
    return _render(request, "backoffice/income/request.html", {
        "income_request": found, "documents": list(found.documents.select_related("uploaded_by")),
        "reason_form": reason_form or ReasonForm(), "decision_form": decision_form or DecisionForm(
            initial={"decided_on": timezone.localdate()}),
        "scan_form": scan_form or ScanForm(), "tenancy": found.household.tenancies.order_by("-start_date").first(),
    }, status=status)


@staff_only(RENT_STAFF)
def request_detail(request, pk):
    return _request_page(request, income.get_request_for(request.user, pk))


@staff_only(RENT_STAFF)
@require_POST
def request_review(request, pk):
    found = income.get_request_for(request.user, pk)
    if request.POST.get("accept"):
        try:
            income_services.accept_documents(acting=request.acting, request=found)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The documents are accepted."))
        return redirect("backoffice:income-request", found.pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            income_services.ask_again(acting=request.acting, request=found, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            messages.success(request, _("The household is asked again."))
            return redirect("backoffice:income-request", found.pk)
    return _request_page(request, found, reason_form=form, status=400)


@staff_only(RENT_STAFF)
@require_POST
def request_decision(request, pk):
    found = income.get_request_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            deleted = income_services.record_decision(acting=request.acting, request=found,
                                                      decided_on=form.cleaned_data["decided_on"])
        except DomainError as exc:
            form.add_error("decided_on", exc.message)
        else:
            messages.success(request, _("The decision is recorded. %(count)s income documents were deleted.")
                             % {"count": deleted})
            return redirect("backoffice:income-request", found.pk)
    return _request_page(request, found, decision_form=form, status=400)


@staff_only(RENT_STAFF)
@require_POST
def request_scan(request, pk):
    """A paper copy brought to the counter, scanned by staff: the channel says so."""
    found = income.get_request_for(request.user, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        acting = request.acting.on_behalf_of(found.household.persons.order_by("pk").first(), channel=Channel.COUNTER)
        try:
            income_services.add_document(acting=acting, request=found, upload=form.cleaned_data["document"])
        except DomainError as exc:
            form.add_error("document", exc.message)
        else:
            messages.success(request, _("The scanned document is added."))
            return redirect("backoffice:income-request", found.pk)
    return _request_page(request, found, scan_form=form, status=400)


@staff_only(RENT_STAFF)
def document_file(request, pk):
    """One income document, decrypted for the staff of the household's agency. Every opening is an
    audit event (who saw whose income document, when); served so it cannot run anything."""
    document = income.get_document_for(request.user, pk)
    try:
        data = files.read(document.file)
    except FileNotFoundError:
        raise Http404 from None
    record_sensitive_read(request.acting, document.request, f"income_document:{document.pk}",
                          subject_person_id=document.request.household.persons.order_by("pk")
                          .values_list("pk", flat=True).first())
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="income-{document.pk}.{document.name.rsplit(".", 1)[-1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
