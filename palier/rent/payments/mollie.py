"""The Mollie adapter (card, Bancontact), through `mollie-api-python`.

Mollie's statuses map one to one onto ours; "authorized" (not used for these payments) counts as
pending. Tests give the adapter a `requests` session whose transport answers like Mollie, so no
test ever calls the network.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings

from .base import ProviderError, ProviderPayment

STATUSES = {
    "open": "open", "pending": "pending", "authorized": "pending", "paid": "paid", "failed": "failed",
    "canceled": "canceled", "expired": "expired",
}
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_US", "de": "de_DE"}


class MollieProvider:
    name = "mollie"
    is_test = False

    def __init__(self, api_key: str | None = None, *, session=None):
        from mollie.api.client import Client
        from mollie.api.error import Error as MollieError

        self._error = MollieError
        self.client = Client(timeout=(3, 10))
        key = api_key if api_key is not None else getattr(settings, "MOLLIE_API_KEY", "")
        try:
            self.client.set_api_key(key)
        except MollieError as exc:
            raise ProviderError(f"mollie: {exc}") from exc
        self.is_test = key.startswith("test_")
        if session is not None:
            # The client keeps its requests session here; tests hand in one with a fake transport.
            self.client._client = session

    def create_payment(self, *, amount: Decimal, description: str, redirect_url: str, webhook_url: str,
                       reference: str, locale: str) -> ProviderPayment:
        data = {
            "amount": {"currency": "EUR", "value": f"{amount.quantize(Decimal('0.01'))}"},
            "description": description[:255],
            "redirectUrl": redirect_url,
            "metadata": {"reference": reference},
            "locale": LOCALES.get(locale, "fr_BE"),
        }
        if webhook_url.startswith("https://"):
            # Mollie refuses a webhook it cannot reach; the return page fetches the status anyway.
            data["webhookUrl"] = webhook_url
        try:
            payment = self.client.payments.create(data, idempotency_key=reference)
        except self._error as exc:
            raise ProviderError(f"mollie: {exc}") from exc
        return self._as_provider_payment(payment)

    def fetch_payment(self, payment_id: str) -> ProviderPayment:
        if not payment_id.startswith("tr_") or not payment_id[3:].isalnum():
            raise ProviderError(f"mollie: not a payment id {payment_id!r}")
        try:
            payment = self.client.payments.get(payment_id)
        except self._error as exc:
            raise ProviderError(f"mollie: {exc}") from exc
        return self._as_provider_payment(payment)

    def create_refund(self, payment_id: str, *, amount: Decimal, description: str) -> str:
        if not payment_id.startswith("tr_") or not payment_id[3:].isalnum():
            raise ProviderError(f"mollie: not a payment id {payment_id!r}")
        try:
            payment = self.client.payments.get(payment_id)
            refund = payment.refunds.create({
                "amount": {"currency": "EUR", "value": f"{amount.quantize(Decimal('0.01'))}"},
                "description": description[:255],
            })
        except self._error as exc:
            raise ProviderError(f"mollie: {exc}") from exc
        return refund.id

    @staticmethod
    def _euros(amount) -> Decimal:
        try:
            return Decimal(str((amount or {}).get("value", "0")))
        except InvalidOperation:
            return Decimal("0")

    @classmethod
    def _as_provider_payment(cls, payment) -> ProviderPayment:
        amount = payment.amount or {}
        return ProviderPayment(
            id=payment.id, status=STATUSES.get(payment.status, "pending"), amount=cls._euros(amount),
            currency=amount.get("currency", ""), checkout_url=payment.checkout_url or "",
            amount_refunded=cls._euros(payment.amount_refunded),
            amount_charged_back=cls._euros(payment.amount_chargedback),
        )
