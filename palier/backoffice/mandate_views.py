"""Helper mandates at the counter: the household's mandates, a signed paper form registered with
its scan (or a code sent to the tenant by SMS), stopping a mandate, and acting for a tenant on the
portal, on the phone or at the counter, through the same mechanism helpers use."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.audit.services import record
from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.mandates import acting as mandate_acting
from palier.mandates import queries, services
from palier.mandates.models import Duration
from palier.mandates.scopes import Scope
from palier.tenancies.models import HouseholdRole, Person
from palier.tenancies.search import get_tenancy_for, persons_of_household

from .permissions import TENANT_ACTIONS, nav_for, staff_only

CONSENT_CHOICES = [("paper", gettext_lazy("Signed paper form (scan it)")),
                   ("sms", gettext_lazy("Code sent by SMS to the tenant; the helper types it"))]
ACT_CHANNELS = [(Channel.COUNTER, gettext_lazy("at the counter")), (Channel.PHONE, gettext_lazy("on the phone"))]


class MandateForm(forms.Form):
    person = forms.ChoiceField(label=gettext_lazy("Tenant giving the mandate"), widget=forms.RadioSelect)
    helper = forms.CharField(label=gettext_lazy("Helper's email address or phone number"), max_length=200,
                             help_text=gettext_lazy("The helper needs a helper account."))
    scopes = forms.MultipleChoiceField(label=gettext_lazy("Scopes"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    duration = forms.ChoiceField(label=gettext_lazy("Duration"), choices=Duration.choices, widget=forms.RadioSelect)
    consent = forms.ChoiceField(label=gettext_lazy("Consent"), choices=CONSENT_CHOICES, widget=forms.RadioSelect)
    scan = forms.FileField(label=gettext_lazy("Scan of the signed form (PDF, JPEG or PNG, 10 MB at most)"),
                           required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in persons]


def _signatories(tenancy):
    return [p for p in persons_of_household(tenancy.household_id)
            if p.household_role in (HouseholdRole.TENANT, HouseholdRole.COTENANT)]


@staff_only(TENANT_ACTIONS)
def tenant_mandates(request, pk):
    tenancy = get_tenancy_for(request.acting, pk)
    now = timezone.now()
    mandates = [(m, m.status_at(now)) for m in queries.mandates_of_household(tenancy.household_id)]
    return render(request, "backoffice/mandates/list.html", {
        "tenancy": tenancy, "mandates": mandates, "persons": _signatories(tenancy), "channels": ACT_CHANNELS,
        "nav": nav_for(request.user), "here": "tenants",
    })


@staff_only(TENANT_ACTIONS)
def mandate_create(request, pk):
    tenancy = get_tenancy_for(request.acting, pk)
    persons = _signatories(tenancy)
    form = MandateForm(request.POST or None, request.FILES or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in persons if str(p.pk) == data["person"])
        helper = services.find_helper(data["helper"])
        acting = request.acting.on_behalf_of(person, channel=Channel.COUNTER)
        try:
            if data["consent"] == "paper":
                services.register_paper_mandate(acting=acting, tenant=person, helper=helper, scopes=data["scopes"],
                                                duration=data["duration"], scan=data.get("scan"))
                messages.success(request, _("The mandate is registered. The helper can act at once."))
            else:
                services.request_mandate_by_sms(acting=acting, tenant=person, helper=helper, scopes=data["scopes"],
                                                duration=data["duration"])
                messages.success(request, _("A code was sent to the tenant. The helper types it on their home page."))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("backoffice:tenant-mandates", pk=tenancy.pk)
    return render(request, "backoffice/mandates/form.html", {
        "tenancy": tenancy, "form": form, "nav": nav_for(request.user), "here": "tenants",
    })


@staff_only(TENANT_ACTIONS)
@require_POST
def mandate_stop(request, pk):
    mandate = queries.get_mandate_for(request.acting, pk)
    services.revoke_mandate(acting=request.acting.on_behalf_of(mandate.tenant, channel=Channel.COUNTER),
                            mandate=mandate)
    messages.success(request, _("The mandate is stopped."))
    tenancy = mandate.tenant.household.tenancies.order_by("-start_date").first()
    return redirect("backoffice:tenant-mandates", pk=tenancy.pk)


@staff_only(TENANT_ACTIONS)
def mandate_scan(request, pk):
    """The scanned paper form, after the access check, in a sandbox; its opening is audited."""
    mandate = queries.get_mandate_for(request.acting, pk)
    if not mandate.scan:
        raise Http404
    try:
        handle = mandate.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record(request.acting, "mandates.scan_viewed", target=mandate, subject_person_id=mandate.tenant_id)
    response = FileResponse(handle, content_type=mandate.scan_type or "application/octet-stream")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="mandate-{mandate.pk}.{mandate.scan.name.rsplit(".", 1)[-1]}"'
    return response


@staff_only(TENANT_ACTIONS)
@require_POST
def act_for_tenant(request, pk):
    """Act for a person of this household on the portal; the channel (phone, counter) is recorded
    in every audit event and journal line until the staff member stops."""
    tenancy = get_tenancy_for(request.acting, pk)
    person = get_object_or_404(Person, pk=request.POST.get("person") or 0, household_id=tenancy.household_id)
    channel = request.POST.get("channel")
    if channel not in (Channel.COUNTER, Channel.PHONE):
        channel = Channel.COUNTER
    mandate_acting.start(request, person_id=person.pk, channel=channel)
    record(request.acting.on_behalf_of(person, channel=channel), "mandates.acting_started", target=person,
           subject_person_id=person.pk)
    return redirect("portal:home")
