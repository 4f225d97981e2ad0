"""Online payments through a payment provider, the built-in sandbox provider's own payments, and
the tenant's consent to receive receipts electronically.

An online payment is applied to the ledger at most once: its ledger entry's idempotency key is
`online:<provider>:<provider id>` (unique in the ledger), and the row is locked while its new
status is applied.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.tenancies.models import Person, Tenancy

__all__ = ["OnlinePayment", "OnlinePaymentStatus", "ReceiptConsent", "SandboxPayment"]


class OnlinePaymentStatus(models.TextChoices):
    OPEN = "open", _("waiting for payment")
    PENDING = "pending", _("being processed")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")
    CANCELED = "canceled", _("cancelled")
    EXPIRED = "expired", _("expired")


FINAL_STATUSES = (OnlinePaymentStatus.PAID, OnlinePaymentStatus.FAILED, OnlinePaymentStatus.CANCELED,
                  OnlinePaymentStatus.EXPIRED)


class OnlinePayment(models.Model):
    # The address the tenant comes back to; unguessable, unlike the primary key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="online_payments")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    provider = models.CharField(_("payment provider"), max_length=20)
    provider_id = models.CharField(max_length=80, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=OnlinePaymentStatus.choices,
                              default=OnlinePaymentStatus.OPEN)
    checkout_url = models.URLField(max_length=500, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    ledger_entry = models.OneToOneField("rent.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="online_payment")
    # What the provider says was paid back (refunds) or taken back by the payer's bank (chargebacks),
    # in total; each increase is booked once on the ledger (see services._apply_reversals).
    refunded_amount = models.DecimalField(_("refunded"), max_digits=11, decimal_places=2, default=0)
    charged_back_amount = models.DecimalField(_("charged back"), max_digits=11, decimal_places=2, default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("online payment")
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="rent_onlinepayment_provider_id"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="rent_onlinepayment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.provider} {self.provider_id or '-'} {self.amount}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class SandboxPayment(models.Model):
    """A payment held by the built-in sandbox provider (no real money): what a real provider would
    keep on its side. Its test checkout page lets whoever opens it pay, fail or cancel."""

    id = models.CharField(primary_key=True, max_length=40)
    amount = models.DecimalField(max_digits=11, decimal_places=2)
    description = models.CharField(max_length=200)
    redirect_url = models.CharField(max_length=500)
    webhook_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=OnlinePaymentStatus.choices, default=OnlinePaymentStatus.OPEN)
    refunded = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    charged_back = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox payment")

    def __str__(self):
        return f"{self.pk} {self.amount} {self.status}"


class ReceiptConsent(models.Model):
    """A tenant's express consent to receive rent receipts electronically (loi 89-462 art. 21).
    Without it, receipts are kept in the vault and printed, never sent by email."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="receipt_consent")
    by_email = models.BooleanField(_("send my receipts by email"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consent to electronic receipts")

    def __str__(self):
        return f"{self.person_id}: {'email' if self.by_email else 'no email'}"
