"""The built-in sandbox provider: no real money. It keeps its payments in its own table
(`SandboxPayment`) and has its own test checkout page (palier.rent.sandbox_views) with three
buttons: pay, fail, cancel. The demo and the tests use it."""

import uuid
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from ..payment_models import OnlinePaymentStatus, SandboxPayment
from .base import ProviderError, ProviderPayment


class SandboxProvider:
    name = "sandbox"
    is_test = True

    def create_payment(self, *, amount: Decimal, description: str, redirect_url: str, webhook_url: str,
                       reference: str, locale: str) -> ProviderPayment:
        payment = SandboxPayment.objects.create(
            id=f"sbx_{uuid.uuid4().hex[:20]}", amount=amount, description=description[:200],
            redirect_url=redirect_url, webhook_url=webhook_url,
        )
        return self._as_provider_payment(payment)

    def fetch_payment(self, payment_id: str) -> ProviderPayment:
        payment = SandboxPayment.objects.filter(pk=payment_id).first()
        if payment is None:
            raise ProviderError(f"sandbox: no payment {payment_id!r}")
        return self._as_provider_payment(payment)

    def create_refund(self, payment_id: str, *, amount: Decimal, description: str) -> str:
        with transaction.atomic():
            payment = SandboxPayment.objects.select_for_update().filter(pk=payment_id).first()
            if payment is None or payment.status != OnlinePaymentStatus.PAID:
                raise ProviderError(f"sandbox: payment {payment_id!r} cannot be refunded")
            if amount <= 0 or amount > payment.amount - payment.refunded - payment.charged_back:
                raise ProviderError(f"sandbox: refund of {amount} is more than what is left of {payment_id!r}")
            payment.refunded += amount
            payment.save(update_fields=["refunded"])
        return f"re_{uuid.uuid4().hex[:20]}"

    @staticmethod
    def charge_back(payment_id: str, amount: Decimal) -> None:
        """What a payer's bank taking a card payment back looks like (tests and demo)."""
        SandboxPayment.objects.filter(pk=payment_id).update(charged_back=amount)

    @staticmethod
    def _as_provider_payment(payment: SandboxPayment) -> ProviderPayment:
        return ProviderPayment(
            id=payment.pk, status=payment.status, amount=payment.amount,
            amount_refunded=payment.refunded, amount_charged_back=payment.charged_back,
            checkout_url=reverse("payments:sandbox-checkout", kwargs={"payment_id": payment.pk})
            if payment.status == OnlinePaymentStatus.OPEN else "",
        )
