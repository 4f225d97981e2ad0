"""The sandbox provider's test checkout page: TEST — no real money. Three buttons (pay, fail,
cancel) stand for what a real provider's page would do. Only there when the sandbox provider is
the one configured (PALIER_PAYMENT_PROVIDER=sandbox)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .payment_models import OnlinePaymentStatus, SandboxPayment
from .payments.services import apply_provider_status

OUTCOMES = {"pay": OnlinePaymentStatus.PAID, "fail": OnlinePaymentStatus.FAILED,
            "cancel": OnlinePaymentStatus.CANCELED}


@require_http_methods(["GET", "POST"])
def checkout(request, payment_id):
    if getattr(settings, "PALIER_PAYMENT_PROVIDER", "sandbox") != "sandbox":
        raise Http404
    payment = SandboxPayment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    if request.method == "POST" and payment.status == OnlinePaymentStatus.OPEN:
        outcome = OUTCOMES.get(request.POST.get("outcome", ""))
        if outcome is not None:
            SandboxPayment.objects.filter(pk=payment.pk, status=OnlinePaymentStatus.OPEN).update(status=outcome)
            # What a real provider does next: call the webhook with the id alone.
            apply_provider_status(provider_id=payment.pk)
            # The sandbox lives on this very site: go back to the path only (never to another host).
            parts = urlsplit(payment.redirect_url)
            return redirect(parts.path + (f"?{parts.query}" if parts.query else "") if parts.path.startswith("/") else "/")
    return render(request, "rent/sandbox/checkout.html", {"payment": payment,
                                                         "is_open": payment.status == OnlinePaymentStatus.OPEN})
