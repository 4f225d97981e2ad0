"""SEPA Core direct debit: the tenant's mandate, the accountant's batches and each debit in them.

A mandate authorises the landlord (its SEPA creditor identifier) to take the rent from one
account. Its IBAN is sensitive: stored encrypted, found through a keyed hash, shown by its last
four characters only. A mandate lapses when no debit was collected under it for 36 months.

A batch gathers one debit per active mandate for a collection date; it is exported once as a
pain.008 file, which is kept, so that a second download gives the very same file. Each debit
carries its own end-to-end id, the key a returned debit (R-transaction) comes back with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.crypto import EncryptedTextField
from palier.tenancies.models import Person, Tenancy

from .models import LedgerEntry

__all__ = ["Debit", "DebitBatch", "DebitState", "BatchState", "Mandate", "MandateState", "SequenceType"]


class MandateState(models.TextChoices):
    ACTIVE = "active", _("active")
    CANCELLED = "cancelled", _("cancelled")
    LAPSED = "lapsed", _("lapsed (unused for 36 months)")


class Mandate(models.Model):
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="debit_mandates")
    reference = models.CharField(_("mandate reference"), max_length=35, unique=True)
    creditor_id = models.CharField(_("SEPA creditor identifier"), max_length=35)
    account_holder = models.CharField(_("account holder"), max_length=70)
    iban = EncryptedTextField(_("IBAN"))
    # The keyed hash of the IBAN (palier.core.crypto.iban_lookup_hash): finds a mandate by account
    # without decrypting every row.
    iban_hash = models.CharField(max_length=64, db_index=True)
    iban_last4 = models.CharField(max_length=4)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    signed_on = models.DateField(_("signature date"))
    signed_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField(_("signed through"), max_length=16)
    state = models.CharField(_("state"), max_length=12, choices=MandateState.choices, default=MandateState.ACTIVE)
    last_collected_on = models.DateField(_("last collection"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A SEPA amendment: the account changed under the same mandate reference. The next pain.008
    # says so (AmdmntInd, with the original debtor account, or SMNDA when the bank changed); the
    # batch that carried it clears it.
    amended_from_iban = EncryptedTextField(_("original IBAN"), blank=True, default="")
    amended_from_bic = models.CharField(max_length=11, blank=True, default="")
    amended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("direct debit mandate")
        verbose_name_plural = _("direct debit mandates")
        constraints = [
            models.UniqueConstraint(fields=["tenancy"], condition=models.Q(state="active"),
                                    name="rent_mandate_one_active_per_tenancy"),
        ]
        indexes = [models.Index(fields=["state", "tenancy"])]

    def __str__(self):
        return self.reference

    @property
    def masked_iban(self) -> str:
        return f"{self.iban[:2]}•• •••• •••• {self.iban_last4}" if self.iban else f"•••• {self.iban_last4}"

    @property
    def is_active(self) -> bool:
        return self.state == MandateState.ACTIVE


class SequenceType(models.TextChoices):
    FIRST = "FRST", _("first")
    RECURRING = "RCUR", _("recurring")


class BatchState(models.TextChoices):
    PREPARED = "prepared", _("prepared")
    EXPORTED = "exported", _("exported")
    COLLECTED = "collected", _("collected")


class DebitBatch(models.Model):
    reference = models.CharField(_("reference"), max_length=35, unique=True)
    due_on = models.DateField(_("collection date"))
    state = models.CharField(_("state"), max_length=12, choices=BatchState.choices, default=BatchState.PREPARED)
    # The pain.008 file as first exported: every later download gives these very bytes.
    xml = models.TextField(blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "-pk"]
        verbose_name = _("direct debit batch")
        verbose_name_plural = _("direct debit batches")

    def __str__(self):
        return self.reference


class DebitState(models.TextChoices):
    PENDING = "pending", _("to collect")
    COLLECTED = "collected", _("collected")
    RETURNED = "returned", _("returned by the bank")


class Debit(models.Model):
    batch = models.ForeignKey(DebitBatch, on_delete=models.PROTECT, related_name="debits")
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="debits")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="debits")
    due_on = models.DateField(_("collection date"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    sequence_type = models.CharField(max_length=4, choices=SequenceType.choices)
    end_to_end_id = models.CharField(max_length=35, unique=True)
    state = models.CharField(_("state"), max_length=12, choices=DebitState.choices, default=DebitState.PENDING)
    notified_at = models.DateTimeField(null=True, blank=True)
    payment_entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_reason = models.CharField(_("reason"), max_length=200, blank=True)
    returned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "pk"]
        verbose_name = _("direct debit")
        verbose_name_plural = _("direct debits")
        constraints = [
            # A mandate is debited at most once for a collection date, whatever the batches.
            models.UniqueConstraint(fields=["mandate", "due_on"], name="rent_debit_once_per_date"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="rent_debit_amount_positive"),
        ]

    def __str__(self):
        return self.end_to_end_id

    @property
    def return_code(self) -> str:
        from .return_codes import code_of

        return code_of(self.return_reason)

    @property
    def return_explanation(self) -> str:
        """What the bank's reason means, in plain words, for the accountant."""
        from .return_codes import for_staff

        return for_staff(self.return_reason) if self.state == DebitState.RETURNED else ""
