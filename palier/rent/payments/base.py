"""The payment-provider interface. A provider creates a payment and gives back the address of its
checkout page; later it tells the status of a payment from its id. Palier never learns the
status any other way: a webhook carries only the id, and the status is fetched from the provider
itself, so a forged call changes nothing.

Adding a provider: a class with `name`, `create_payment`, `fetch_payment` and `create_refund`, registered in
PROVIDERS below (see CONTRIBUTING.md, "Adding a payment provider").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class ProviderError(Exception):
    """The provider could not be reached or refused the call. The message is for the logs."""


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    # One of OnlinePaymentStatus's values: open, pending, paid, failed, canceled, expired.
    status: str
    amount: Decimal
    currency: str = "EUR"
    checkout_url: str = ""
    # In total, what was paid back to the payer (refunds) and taken back by their bank (chargebacks).
    amount_refunded: Decimal = Decimal("0.00")
    amount_charged_back: Decimal = Decimal("0.00")


class PaymentProvider(Protocol):
    name: str
    # Shown to the tenant before they leave for the checkout ("TEST — no real money" for the sandbox).
    is_test: bool

    def create_payment(self, *, amount: Decimal, description: str, redirect_url: str, webhook_url: str,
                       reference: str, locale: str) -> ProviderPayment:
        ...

    def fetch_payment(self, payment_id: str) -> ProviderPayment:
        ...

    def create_refund(self, payment_id: str, *, amount: Decimal, description: str) -> str:
        """Pay `amount` of a paid payment back to the payer; returns the provider's refund id."""
        ...


PROVIDERS = {
    "sandbox": "palier.rent.payments.sandbox.SandboxProvider",
    "mollie": "palier.rent.payments.mollie.MollieProvider",
}


def get_provider(name: str | None = None) -> PaymentProvider:
    name = name or getattr(settings, "PALIER_PAYMENT_PROVIDER", "sandbox")
    try:
        path = PROVIDERS[name]
    except KeyError:
        raise ProviderError(f"Unknown payment provider {name!r}") from None
    return import_string(path)()
