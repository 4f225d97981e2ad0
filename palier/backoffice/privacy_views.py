"""Privacy in the back office: a tenant's national register number (shown on request, and the
reading audited), "My data" produced for a tenant who asks at the counter, erasure on request
with its letter, and the data-protection officer's pages (retention table and runs, register of
processing activities, breach register, the register of erasure and export requests) for the
data-protection officer, who alone has them (the administrator configures Palier and its
accounts; personal-data governance is the DPO's)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.audit.models import AuditEvent
from palier.audit.services import record_sensitive_read
from palier.core.errors import DomainError
from palier.estates.models import Landlord
from palier.privacy import services as privacy
from palier.privacy.models import Breach, ErasureRequest, ProcessingActivity, RetentionRule, RetentionRun
from palier.tenancies.models import Person
from palier.tenancies.search import get_tenancy_for

from .permissions import DATA_PROTECTION, TENANT_ACTIONS, nav_for, staff_only

DPO = DATA_PROTECTION


def _page(request, template, here="tenants", **context):
    return render(request, f"backoffice/privacy/{template}", {"nav": nav_for(request.user), "here": here, **context})


def _person_in_file(request, pk, person_pk):
    """A person of a tenant file the staff member may act on; 404 otherwise."""
    tenancy = get_tenancy_for(request.acting, pk)
    person = get_object_or_404(Person.objects.select_related("user"), pk=person_pk, household_id=tenancy.household_id)
    return tenancy, person


# --- the national register number ------------------------------------------------------------


@staff_only(TENANT_ACTIONS)
def national_number(request, pk, person_pk):
    """The number is shown only after a click, and each showing is written in the audit trail."""
    tenancy, person = _person_in_file(request, pk, person_pk)
    shown = None
    if request.method == "POST":
        shown = person.national_number or ""
        record_sensitive_read(request.acting, person, "national_number", subject_person_id=person.pk)
    return _page(request, "national_number.html", tenancy=tenancy, person=person, shown=shown)


# --- "My data" on request --------------------------------------------------------------------


@staff_only(TENANT_ACTIONS)
@require_POST
def person_data(request, pk, person_pk):
    _tenancy, person = _person_in_file(request, pk, person_pk)
    kind = request.POST.get("format")
    if kind not in ("json", "pdf"):
        raise Http404
    data = privacy.export_person(acting=request.acting.on_behalf_of(person), person=person)
    if kind == "json":
        response = HttpResponse(privacy.export_json(data), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(privacy.export_pdf(data, language=person.language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="palier-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.{kind}"'
    return response


# --- erasure on request ----------------------------------------------------------------------


@staff_only(TENANT_ACTIONS)
def erasure(request, pk, person_pk):
    """What an erasure would do (erased now / kept, why, until when); erase on confirmation."""
    tenancy, person = _person_in_file(request, pk, person_pk)
    if request.method == "POST":
        done = privacy.erase_on_request(acting=request.acting.on_behalf_of(person), person=person)
        messages.success(request, _("The request is handled. Give or send the letter to the person."))
        return redirect("backoffice:erasure-done", pk=tenancy.pk, erasure_pk=done.pk)
    return _page(request, "erasure.html", tenancy=tenancy, person=person, lines=privacy.erasure_preview(person=person))


def _erasure_in_file(request, pk, erasure_pk):
    tenancy = get_tenancy_for(request.acting, pk)
    persons = Person.objects.filter(household_id=tenancy.household_id).values("pk")
    return tenancy, get_object_or_404(ErasureRequest, pk=erasure_pk, person_id__in=persons)


@staff_only(TENANT_ACTIONS)
def erasure_done(request, pk, erasure_pk):
    tenancy, done = _erasure_in_file(request, pk, erasure_pk)
    return _page(request, "erasure_done.html", tenancy=tenancy, erasure=done)


@staff_only(TENANT_ACTIONS)
def erasure_letter(request, pk, erasure_pk):
    _tenancy, done = _erasure_in_file(request, pk, erasure_pk)
    person = Person.objects.filter(pk=done.person_id).first()
    pdf = privacy.erasure_letter_pdf(done, language=getattr(person, "language", "fr"), landlord=Landlord.current())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="erasure-{done.pk}.pdf"'
    return response


# --- the data-protection officer's pages -----------------------------------------------------


class RetentionForm(forms.Form):
    months = forms.IntegerField(label=gettext_lazy("Kept for (months)"), min_value=0, max_value=1200)


@staff_only(DPO)
def retention(request):
    privacy.ensure_retention_rules()
    rules = list(RetentionRule.objects.all())
    if request.method == "POST":
        rule = get_object_or_404(RetentionRule, pk=request.POST.get("rule"))
        form = RetentionForm(request.POST)
        if form.is_valid():
            try:
                privacy.change_retention(acting=request.acting, rule=rule, months=form.cleaned_data["months"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The retention period is saved."))
                return redirect("backoffice:privacy-retention")
        else:
            messages.error(request, _("Type a number of months between 0 and 1200."))
    runs = Paginator(RetentionRun.objects.all(), 20).get_page(request.GET.get("page"))
    return _page(request, "retention.html", here="privacy", rules=rules, runs=runs)


@staff_only(DPO)
@require_POST
def retention_run(request):
    run = privacy.apply_retention(acting=request.acting)
    messages.success(request, _("The retention table was applied."))
    return redirect("backoffice:privacy-retention-run-detail", pk=run.pk)


@staff_only(DPO)
def retention_run_detail(request, pk):
    run = get_object_or_404(RetentionRun, pk=pk)
    return _page(request, "retention_run.html", here="privacy", run=run)


@staff_only(DPO)
def processing_register(request):
    privacy.ensure_processing_register()
    return _page(request, "processing_register.html", here="privacy", activities=ProcessingActivity.objects.all())


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = ["detected_at", "description", "data_concerned", "people_affected", "consequences", "measures",
                  "authority_notified_at", "people_notified_at"]
        widgets = {
            "detected_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "authority_notified_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "people_notified_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "data_concerned": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
        }


@staff_only(DPO)
def breaches(request):
    page = Paginator(Breach.objects.all(), 20).get_page(request.GET.get("page"))
    return _page(request, "breaches.html", here="privacy", page=page)


@staff_only(DPO)
def breach_new(request):
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.record_breach(acting=request.acting, fields=form.cleaned_data)
        messages.success(request, _("The breach is recorded. Tell the authority within 72 hours when people are at risk."))
        return redirect("backoffice:privacy-breaches")
    return _page(request, "breach_form.html", here="privacy", form=form)


@staff_only(DPO)
def requests(request):
    """The register of people's requests: every erasure (what was erased, what was kept and why)
    and every copy of "My data" produced, by whom and for whom. Handling them stays with the
    agency staff who check the person's identity at the counter; the DPO oversees."""
    erasures = Paginator(ErasureRequest.objects.select_related("handled_by"), 20).get_page(request.GET.get("page"))
    exports = AuditEvent.objects.filter(action="privacy.data_exported").order_by("-at", "-id")[:50]
    return _page(request, "requests.html", here="privacy", erasures=erasures, exports=exports)
