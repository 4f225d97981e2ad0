"""A tenant's rent ledger for staff, recording a payment made at the counter or by phone, and
the accountant's corrections (new entries: the ledger is append-only)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.rent.models import PaymentChannel
from palier.rent.queries import (
    balance_summary,
    corrected_entry_pks,
    get_entry_for_correction,
    get_tenancy_for_ledger,
    ledger_for,
)
from palier.rent.services import CORRECTION_ROLES, PAYMENT_ROLES, record_correction, record_payment, reversal_amount
from palier.tenancies.search import persons_of_household

from .forms import LedgerCorrectionForm
from .permissions import TENANT_FILES, nav_for, staff_only

PAGE_SIZE = 50
DESK_CHANNELS = (PaymentChannel.COUNTER, PaymentChannel.PHONE, PaymentChannel.OTHER)
# How the payment reached us, as the audit trail records it.
ACTING_CHANNEL = {PaymentChannel.COUNTER: Channel.COUNTER, PaymentChannel.PHONE: Channel.PHONE}


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount paid (€)"), max_digits=9, decimal_places=2, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    paid_on = forms.DateField(
        label=gettext_lazy("Date of payment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), input_formats=["%Y-%m-%d"],
    )
    channel = forms.ChoiceField(label=gettext_lazy("How was it paid?"),
                                choices=[(c.value, c.label) for c in DESK_CHANNELS])
    label = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=200, required=False,
                            help_text=gettext_lazy("For example: cash, receipt number 1234."))


@staff_only(TENANT_FILES)
def tenant_ledger(request, pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    entries = ledger_for(request.acting, tenancy)
    can_record = request.user.role in PAYMENT_ROLES
    form = PaymentForm(request.POST if request.method == "POST" and can_record else None,
                       initial={"paid_on": timezone.localdate(), "channel": PaymentChannel.COUNTER})
    if request.method == "POST" and can_record and form.is_valid():
        data = form.cleaned_data
        persons = persons_of_household(tenancy.household_id)
        acting = request.acting
        if persons:
            acting = acting.on_behalf_of(persons[0], channel=ACTING_CHANNEL.get(data["channel"]))
        try:
            record_payment(acting=acting, tenancy=tenancy, amount=data["amount"], paid_on=data["paid_on"],
                           channel=data["channel"], label=data["label"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("backoffice:tenant-ledger", pk=tenancy.pk)
    can_correct = request.user.role in CORRECTION_ROLES
    return render(request, "backoffice/tenant_ledger.html", {
        "tenancy": tenancy, "balance": balance_summary(tenancy),
        "page": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form, "can_record": can_record, "nav": nav_for(request.user), "here": "tenants",
        "can_correct": can_correct,
        "correction_form": LedgerCorrectionForm(prefix="correction") if can_correct else None,
        "corrected": corrected_entry_pks(tenancy) if can_correct else set(),
    })


@staff_only(CORRECTION_ROLES)
def ledger_correction(request, pk, entry_pk=None):
    """An accountant corrects a tenancy's ledger with a new entry: a correction of its own, or the
    correction of one entry ("Correct" on its line), filled in with the amount that cancels it."""
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    entry = get_entry_for_correction(request.acting, tenancy, entry_pk) if entry_pk is not None else None
    initial = {"amount": reversal_amount(entry)} if entry is not None else {}
    form = LedgerCorrectionForm(request.POST if request.method == "POST" else None, initial=initial,
                                prefix="correction")
    if request.method == "POST" and form.is_valid():
        try:
            record_correction(acting=request.acting, tenancy=tenancy, amount=form.cleaned_data["amount"],
                              reason=form.cleaned_data["reason"], corrects=entry)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The correction is recorded."))
            return redirect("backoffice:tenant-ledger", pk=tenancy.pk)
    return render(request, "backoffice/ledger_correction.html", {
        "tenancy": tenancy, "entry": entry, "form": form, "balance": balance_summary(tenancy),
        "already_corrected": entry is not None and entry.pk in corrected_entry_pks(tenancy),
        "nav": nav_for(request.user), "here": "tenants",
    })
