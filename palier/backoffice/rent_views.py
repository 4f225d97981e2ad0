"""A tenant's rent ledger for staff, and recording a payment made at the counter or by phone."""

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
from palier.rent.queries import balance_summary, get_tenancy_for_ledger, ledger_for
from palier.rent.services import PAYMENT_ROLES, record_payment
from palier.tenancies.search import persons_of_household

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
    return render(request, "backoffice/tenant_ledger.html", {
        "tenancy": tenancy, "balance": balance_summary(tenancy),
        "page": Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form, "can_record": can_record, "nav": nav_for(request.user), "here": "tenants",
    })
