"""Bank statements imported by the accountant, their lines and what became of each line.

A line's `dedupe_key` says what makes it the same movement in another file: the bank's own entry
reference when there is one, else a hash of account, booking date, amount, counterparty and
reference with a counter for identical lines. The database refuses two live lines with one key,
so two imports racing each other cannot book a payment twice either."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palier.core.crypto import EncryptedTextField
from palier.core.models import TimeStampedModel, VersionedModel

__all__ = [
    "BankImport", "BankImportFile", "BankLine", "BankLineAllocation", "BankStatement", "KnownPayer", "LineReason", "LineState",
    "StatementFormat",
]


class StatementFormat(models.TextChoices):
    CODA = "coda", _("CODA")
    CAMT053 = "camt053", _("camt.053")


class LineState(models.TextChoices):
    MATCHED = "matched", _("matched")
    REVIEW = "review", _("needs review")
    NOT_RENT = "not_rent", _("not for rent")
    DUPLICATE = "duplicate", _("duplicate")


class LineReason(models.TextChoices):
    # matched
    BY_REFERENCE = "by_reference", _("matched by its structured communication")
    BY_PAYER = "by_payer", _("matched by the payer's known account and the amount due")
    BY_HAND = "by_hand", _("matched by hand")
    SPLIT = "split", _("split by hand across tenancies")
    RETURN_BOOKED = "return_booked", _("returned direct debit, booked")
    # needs review
    UNKNOWN_REFERENCE = "unknown_reference", _("the structured communication is not that of any tenancy")
    AMOUNT_DIFFERS = "amount_differs", _("known payer, but the amount is not what is due")
    SEVERAL_TENANCIES = "several_tenancies", _("this payer has paid for several tenancies")
    NO_CLUE = "no_clue", _("no structured communication and an unknown payer")
    RETURNED_DEBIT = "returned_debit", _("returned direct debit")
    # not for rent
    OUTGOING = "outgoing", _("money paid out of the account")
    BANK_COSTS = "bank_costs", _("bank charges or interest")
    DEBIT_COLLECTION = "debit_collection", _("direct debits collected: booked by the direct-debit batch")
    MARKED = "marked", _("marked not for rent by hand")
    # duplicate
    ALREADY_IMPORTED = "already_imported", _("already imported from an earlier file")


class BankImport(TimeStampedModel):
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=8, choices=StatementFormat.choices)
    # The same file uploaded again is recognised by its content and changes nothing.
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(_("size"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bank statement import")

    def __str__(self):
        return self.file_name


class BankStatement(models.Model):
    bank_import = models.ForeignKey(BankImport, on_delete=models.CASCADE, related_name="statements")
    account_iban = models.CharField(_("account"), max_length=34)
    number = models.CharField(_("statement number"), max_length=35)
    opening_balance = models.DecimalField(_("opening balance"), max_digits=15, decimal_places=2)
    opening_date = models.DateField(_("opening date"))
    closing_balance = models.DecimalField(_("closing balance"), max_digits=15, decimal_places=2)
    closing_date = models.DateField(_("closing date"))
    # A statement already imported from another file (overlapping files): not a link in the chain.
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["closing_date", "id"]
        indexes = [models.Index(fields=["account_iban", "closing_date"])]

    def __str__(self):
        return f"{self.account_iban} {self.number}"


class BankLine(VersionedModel):
    bank_import = models.ForeignKey(BankImport, on_delete=models.CASCADE, related_name="lines")
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("line in the file"))
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=13, decimal_places=2)
    counterparty_name = models.CharField(_("counterparty"), max_length=140, blank=True)
    # Encrypted at rest; found by its keyed hash (palier.core.crypto.iban_lookup_hash).
    counterparty_iban = EncryptedTextField(_("counterparty's account"), blank=True)
    iban_hash = models.CharField(max_length=64, blank=True)
    structured_reference = models.CharField(_("structured communication"), max_length=12, blank=True)
    free_text = models.CharField(_("communication"), max_length=500, blank=True)
    entry_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    end_to_end_id = models.CharField(_("end-to-end reference"), max_length=64, blank=True)
    return_kind = models.CharField(_("R-transaction"), max_length=16, blank=True)
    return_code = models.CharField(_("return reason"), max_length=8, blank=True)
    bank_code = models.CharField(_("bank transaction code"), max_length=35, blank=True)
    dedupe_key = models.CharField(max_length=120)
    state = models.CharField(_("state"), max_length=12, choices=LineState.choices)
    reason = models.CharField(_("why"), max_length=24, choices=LineReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # For the review queue: the tenancy the rules found but could not book (the amount differed).
    suggested_tenancy = models.ForeignKey("tenancies.Tenancy", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bank_import", "position", "id"]
        verbose_name = _("bank statement line")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(state="duplicate"), name="rent_bankline_once"),
        ]
        indexes = [
            models.Index(fields=["state", "booking_date"]),
            models.Index(fields=["dedupe_key"]),
        ]

    def __str__(self):
        return f"{self.booking_date} {self.amount} {self.counterparty_name}".strip()

    @property
    def communication(self) -> str:
        if self.structured_reference:
            d = self.structured_reference
            return f"+++{d[:3]}/{d[3:7]}/{d[7:]}+++"
        return self.free_text


class BankLineAllocation(models.Model):
    """The part of a line booked to one tenancy (the whole line, or one share of a split)."""

    line = models.ForeignKey(BankLine, on_delete=models.PROTECT, related_name="allocations")
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=13, decimal_places=2)
    ledger_entry = models.OneToOneField("rent.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")

    class Meta:
        ordering = ["line", "id"]

    def __str__(self):
        return f"{self.tenancy_id}: {self.amount}"


class KnownPayer(models.Model):
    """An account that has paid for a tenancy before, known by a keyed hash of its IBAN."""

    iban_hash = models.CharField(max_length=64)
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    last_paid_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["iban_hash", "tenancy"], name="rent_knownpayer_once")]

    def __str__(self):
        return f"{self.iban_hash[:8]}… → {self.tenancy_id}"


class BankImportFile(models.Model):
    """The statement file itself, as the accountant uploaded it: compressed, then encrypted at rest
    (Fernet, the keys of palier.core.crypto). Kept with the accounts (10 years), then purged by
    the retention run; the lines it gave stay with the ledger."""

    bank_import = models.OneToOneField(BankImport, on_delete=models.CASCADE, primary_key=True,
                                       related_name="original")
    content = models.BinaryField()

    class Meta:
        verbose_name = _("bank statement file")

    def __str__(self):
        return str(self.bank_import)
