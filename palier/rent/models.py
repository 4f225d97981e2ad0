"""The rent ledger: one append-only list of entries per tenancy.

Sign convention: `amount` is what the entry adds to what the household owes. Charges (rent,
service charges) and refunds paid out to the household are positive; payments are negative;
an adjustment may be either. The balance is the sum of the amounts: positive means the household
owes money, negative means it has credit. Balances are always derived, never stored.

An entry can be written once and never changed or deleted; a correction is a new entry. On
PostgreSQL a trigger enforces it too (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.append_only import AppendOnlyModel, AppendOnlyQuerySet, protect
from palier.tenancies.models import Tenancy


class EntryKind(models.TextChoices):
    RENT = "rent", _("rent")
    SERVICE_CHARGE = "service_charge", _("service charges")
    PAYMENT = "payment", _("payment")
    ADJUSTMENT = "adjustment", _("adjustment")
    REFUND = "refund", _("refund")


CHARGE_KINDS = (EntryKind.RENT, EntryKind.SERVICE_CHARGE)


class PaymentChannel(models.TextChoices):
    TRANSFER = "transfer", _("bank transfer")
    DIRECT_DEBIT = "direct_debit", _("direct debit")
    ONLINE = "online", _("online payment")
    COUNTER = "counter", _("at the counter")
    PHONE = "phone", _("by phone")
    OTHER = "other", _("other")


class LedgerEntryQuerySet(AppendOnlyQuerySet):
    def balance(self):
        from decimal import Decimal

        # SQLite adds decimals as floats: round back to the cent.
        total = self.aggregate(total=models.Sum("amount"))["total"] or Decimal("0.00")
        return Decimal(total).quantize(Decimal("0.01"))


class LedgerEntry(AppendOnlyModel):
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    # The month a charge is for (its first day); empty for payments not tied to one month.
    period = models.DateField(_("period"), null=True, blank=True)
    booked_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    label = models.CharField(_("label"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=PaymentChannel.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What makes an entry unique: a charge is `rent:<tenancy>:<YYYY-MM>` so that a period is
    # charged once whatever happens; a payment carries its own key (bank reference, uuid).
    idempotency_key = models.CharField(max_length=120)

    objects = LedgerEntryQuerySet.as_manager()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The arrears list follows the ledger (bulk writers tell it themselves).
        from .arrears import ledger_changed

        ledger_changed([self.tenancy_id])

    class Meta:
        ordering = ["-booked_on", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="rent_ledgerentry_once"),
        ]
        indexes = [
            models.Index(fields=["tenancy", "booked_on"]),
            models.Index(fields=["period", "kind"]),
            # The latest charges of one tenancy (its rent page), without walking every period.
            models.Index(fields=["tenancy", "period"], name="rent_ledger_tenancy_period"),
        ]

    def __str__(self):
        return f"{self.booked_on} {self.get_kind_display()} {self.amount}"

    @property
    def is_charge(self) -> bool:
        return self.amount > 0

    @property
    def magnitude(self):
        return abs(self.amount)


def charge_key(kind: str, tenancy_id: int, period) -> str:
    return f"{kind}:{tenancy_id}:{period:%Y-%m}"


protect(LedgerEntry._meta.db_table)

from .arrears_models import *  # noqa: E402,F401,F403
from .bank_models import *  # noqa: E402,F401,F403
from .debit_models import *  # noqa: E402,F401,F403
from .payment_models import *  # noqa: E402,F401,F403
