"""Online payment through a payment provider (see `base.PaymentProvider`).

`get_provider()` returns the one configured by PALIER_PAYMENT_PROVIDER: "sandbox" (the built-in
test provider, no real money; the default) or "mollie" (needs MOLLIE_API_KEY).
"""

from .base import PaymentProvider, ProviderError, ProviderPayment, get_provider

__all__ = ["PaymentProvider", "ProviderError", "ProviderPayment", "get_provider"]
