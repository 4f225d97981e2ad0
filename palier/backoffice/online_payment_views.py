"""A tenancy's online payments for rent staff; the accountant pays one back (all or part of it)
through the payment provider."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.core.errors import DomainError
from palier.rent.payment_models import OnlinePayment
from palier.rent.payments.services import REFUND_ROLES, refund_online_payment, refundable
from palier.rent.queries import get_tenancy_for_ledger

from .permissions import TENANT_FILES, nav_for, staff_only


class RefundForm(forms.Form):
    payment = forms.UUIDField(widget=forms.HiddenInput)
    amount = forms.CharField(label=gettext_lazy("Amount to refund (€)"), max_length=12,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))


@staff_only(TENANT_FILES)
def online_payments(request, pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    payments = list(OnlinePayment.objects.filter(tenancy=tenancy).select_related("ledger_entry")
                    .order_by("-created_at", "-pk")[:100])
    can_refund = request.user.role in REFUND_ROLES
    failed = None
    if request.method == "POST":
        if not can_refund:
            return redirect("backoffice:tenant-online-payments", pk=tenancy.pk)
        form = RefundForm(request.POST)
        payment = next((p for p in payments if form.is_valid() and p.public_id == form.cleaned_data["payment"]), None)
        if payment is None:
            messages.error(request, _("Choose one of the payments shown."))
            return redirect("backoffice:tenant-online-payments", pk=tenancy.pk)
        try:
            refund_online_payment(acting=request.acting, payment=payment, amount=form.cleaned_data["amount"])
        except DomainError as exc:
            failed = (payment.pk, exc.message)
        else:
            messages.success(request, _("The refund is sent to the payment provider."))
            return redirect("backoffice:tenant-online-payments", pk=tenancy.pk)
    rows = [{"payment": p, "left": refundable(p),
             "error": failed[1] if failed and failed[0] == p.pk else ""} for p in payments]
    return render(request, "backoffice/rentdocs/online_payments.html", {
        "tenancy": tenancy, "rows": rows, "can_refund": can_refund, "nav": nav_for(request.user), "here": "tenants",
    })
