"""What becomes of each bank line: matched to a tenancy (and booked on its ledger), in the review
queue, not for rent (with why), or a duplicate. Automatic matching runs at the end of an import;
the accountant finishes the review queue by hand: match to a tenancy, split across tenancies, or
mark not for rent. Each hand decision is checked against the line's version (someone else may have
decided first) and audited.

Order of the automatic rules: returned direct debits; money going out; the structured
communication (OGM-VCS) of a tenancy, also when typed in the free text; then the payer's account,
known from earlier matched payments, when it has paid for one tenancy only and the amount is what
that tenancy owes or its monthly rent.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import DatabaseError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.core.versioning import save_versioned
from palier.tenancies.models import Tenancy

from ..bank_models import BankLine, BankLineAllocation, KnownPayer, LineReason, LineState
from ..models import EntryKind, LedgerEntry, PaymentChannel
from ..services import PAYMENT_ROLES, record_payment
from . import bulk
from .bulk import chunk_size
from .statement import ogm_in_text

logger = logging.getLogger(__name__)
REVIEW_ROLES = frozenset({Role.ACCOUNTANT})
# Bank transaction codes of interest and charges: CODA family 35, camt sub-families CHRG and INTR.
BANK_COST_CAMT = ("-CHRG", "-INTR")


def reference_of(digits: str) -> str:
    """`000260123434` → `+++000/2601/23434+++`, as tenancies store it."""
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def _is_debit_collection(line: BankLine) -> bool:
    """The credit of a direct-debit batch (CODA family 05, camt issued direct debits): each debit
    was booked on its tenancy when the batch was marked collected, so the line is not booked again."""
    code = line.bank_code or ""
    if len(code) == 8 and code.isdigit():
        return code[1:3] == "05"
    return "-IDDT-" in f"{code}-"


def _is_bank_cost(line: BankLine) -> bool:
    code = line.bank_code or ""
    if len(code) == 8 and code.isdigit():
        return code[1:3] == "35"
    return code.endswith(BANK_COST_CAMT)


def _chunks(values):
    values = list(values)
    size = chunk_size()
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _tenancies_by_reference(digits: set[str]) -> dict[str, tuple[int, Decimal]]:
    """Structured communication (12 digits) → (tenancy id, monthly total)."""
    found = {}
    for chunk in _chunks(digits):
        for pk, reference, rent, charges in Tenancy.objects.filter(
                payment_reference__in=[reference_of(d) for d in chunk]).values_list(
                "pk", "payment_reference", "rent", "charges"):
            found["".join(ch for ch in reference if ch.isdigit())] = (pk, rent + charges)
    return found


def _payers(hashes: set[str]) -> dict[str, set[int]]:
    found = defaultdict(set)
    for chunk in _chunks(hashes):
        for iban_hash, tenancy_id in KnownPayer.objects.filter(iban_hash__in=chunk).values_list("iban_hash", "tenancy_id"):
            found[iban_hash].add(tenancy_id)
    return found


def _dues(tenancy_ids: set[int]) -> dict[int, set[Decimal]]:
    """For each tenancy, the amounts that count as "what is due": its balance, its monthly total."""
    dues = {}
    for chunk in _chunks(tenancy_ids):
        balances = dict(LedgerEntry.objects.filter(tenancy_id__in=chunk).values("tenancy_id")
                        .annotate(total=Sum("amount")).values_list("tenancy_id", "total"))
        for pk, rent, charges in Tenancy.objects.filter(pk__in=chunk).values_list("pk", "rent", "charges"):
            amounts = {rent + charges}
            balance = balances.get(pk) or Decimal(0)
            if balance > 0:
                amounts.add(Decimal(balance).quantize(Decimal("0.01")))
            dues[pk] = amounts
    return dues


def _book(acting: Acting, line: BankLine, tenancy: Tenancy, amount: Decimal, share: int,
          batch: list | None = None) -> BankLineAllocation:
    """Book one share of a line on the tenancy's ledger (or, with `batch`, prepare it for a bulk write)."""
    label = _("Bank transfer")
    if line.counterparty_name:
        label = f"{label} – {line.counterparty_name}"
    entry = record_payment(acting=acting, tenancy=tenancy, amount=amount, paid_on=line.booking_date,
                           channel=PaymentChannel.TRANSFER, label=label, key=f"bank:{line.pk}:{share}", batch=batch)
    return BankLineAllocation(line=line, tenancy=tenancy, amount=amount, ledger_entry=entry)


def _learn(lines_and_tenancies) -> None:
    """Remember which account paid for which tenancy, for the next statements."""
    payers = {}
    for line, tenancy in lines_and_tenancies:
        if line.iban_hash:
            payers[(line.iban_hash, tenancy.pk)] = KnownPayer(iban_hash=line.iban_hash, tenancy=tenancy,
                                                              last_paid_on=line.booking_date)
    if payers:
        KnownPayer.objects.bulk_create(payers.values(), batch_size=1000, update_conflicts=True,
                                       unique_fields=["iban_hash", "tenancy"], update_fields=["last_paid_on"])


def _returned_debit(acting: Acting, line: BankLine) -> None:
    try:
        from palier.rent.direct_debit import book_returned_debit
    except ImportError:  # the direct-debit module is not there: the accountant handles it
        book_returned_debit = None
    line.state, line.reason = LineState.REVIEW, LineReason.RETURNED_DEBIT
    if book_returned_debit is None or line.amount >= 0 or not line.end_to_end_id:
        return
    reason = " ".join(filter(None, (line.return_kind, line.return_code)))
    try:
        book_returned_debit(acting=acting, end_to_end_id=line.end_to_end_id, amount=-line.amount, reason=reason,
                            booked_on=line.booking_date, bank_line=line)
    except DomainError as exc:
        line.note = str(exc.message)[:200]
    except DatabaseError:
        # A fault in the direct-debit module must not lose the whole statement: its savepoint is
        # rolled back, the line waits in the review queue, and the fault is logged for the developers.
        logger.exception("book_returned_debit failed for bank line %s", line.pk)
        line.note = _("The direct-debit module could not book this return; book it by hand.")[:200]
    else:
        line.state, line.reason = LineState.MATCHED, LineReason.RETURN_BOOKED


@dataclass
class Booked:
    """What the automatic matching of an import books, as rows for `bulk.insert`."""

    entries: list[tuple] = field(default_factory=list)
    allocations: list[tuple] = field(default_factory=list)
    payers: list[tuple] = field(default_factory=list)
    # Returned direct debits, booked through the direct-debit module once the lines are written.
    returns: list[int] = field(default_factory=list)


LEDGER_FIELDS = ("id", "tenancy_id", "kind", "period", "booked_on", "amount", "label", "channel", "created_at",
                 "created_by_id", "idempotency_key")
ALLOCATION_FIELDS = ("line_id", "tenancy_id", "amount", "ledger_entry_id")


def book_returns(acting: Acting, pks: list[int]) -> None:
    """Book the returned direct debits of an import, now that their lines are written (a handful
    per statement: one at a time, through the direct-debit module)."""
    for line in BankLine.objects.filter(pk__in=pks).order_by("pk"):
        _returned_debit(acting, line)
        if (line.state, line.note) != (LineState.REVIEW, ""):
            BankLine.objects.filter(pk=line.pk).update(state=line.state, reason=line.reason, note=line.note)


def _payment_problem(acting: Acting) -> str:
    """Why `record_payment` would refuse every payment of this import (the user's role), or ""."""
    user = acting.user if acting.is_authenticated else None
    if user is not None and user.role not in PAYMENT_ROLES:
        return _("You may not record payments.")
    return ""


def match_rows(*, acting: Acting, rows: list) -> Booked:
    """Decide each fresh line of an import (not a duplicate; `pk` reserved, not yet written):
    set its state, reason, note and suggested tenancy, and return the ledger entries, allocations
    and known payers to write. A constant number of queries per 10,000 lines (900 on SQLite).
    The payments are checked as `record_payment` checks them and written in bulk by the caller;
    the import's audit event counts them."""
    incoming = [row for row in rows if row.amount > 0 and not row.return_kind and not row.return_code]
    for row in incoming:
        row.digits = row.structured_reference or ogm_in_text(row.free_text)
    by_reference = _tenancies_by_reference({row.digits for row in incoming} - {""})
    payers = _payers({row.iban_hash for row in incoming if row.iban_hash and row.digits not in by_reference})
    dues = _dues({tid for ids in payers.values() for tid in ids if len(ids) == 1})
    booked = Booked()
    matched = []
    refused = _payment_problem(acting)
    latest = timezone.localdate() + dt.timedelta(days=1)
    for row in rows:
        row.state, row.reason, row.suggested_tenancy_id = LineState.REVIEW, LineReason.NO_CLUE, None
        if row.return_kind or row.return_code:
            row.reason = LineReason.RETURNED_DEBIT
            booked.returns.append(row.pk)
            continue
        if row.amount < 0:
            row.state, row.reason = LineState.NOT_RENT, LineReason.OUTGOING
            continue
        if row.amount == 0 or _is_bank_cost(row):
            row.state, row.reason = LineState.NOT_RENT, LineReason.BANK_COSTS
            continue
        if _is_debit_collection(row):
            row.state, row.reason = LineState.NOT_RENT, LineReason.DEBIT_COLLECTION
            continue
        found = by_reference.get(row.digits) if row.digits else None
        reason = LineReason.BY_REFERENCE
        if found is not None:
            tenancy_id = found[0]
        else:
            ids = payers.get(row.iban_hash, ()) if row.iban_hash else ()
            if len(ids) > 1:
                row.reason = LineReason.SEVERAL_TENANCIES
                continue
            if len(ids) == 1:
                candidate = next(iter(ids))
                if row.amount in dues.get(candidate, ()):
                    tenancy_id, reason = candidate, LineReason.BY_PAYER
                else:
                    row.reason, row.suggested_tenancy_id = LineReason.AMOUNT_DIFFERS, candidate
                    continue
            else:
                row.reason = LineReason.UNKNOWN_REFERENCE if row.digits else LineReason.NO_CLUE
                continue
        if refused or row.booking_date > latest:
            # What record_payment would refuse: the line waits for the accountant, with the tenancy found.
            row.note = (refused or _("The payment date cannot be in the future."))[:200]
            row.suggested_tenancy_id = tenancy_id
            continue
        row.state, row.reason = LineState.MATCHED, reason
        matched.append((row, tenancy_id))
    if not matched:
        return booked

    user_id = acting.user.pk if acting.is_authenticated else None
    now = timezone.now()
    transfer = _("Bank transfer")
    ids = bulk.reserve_ids(LedgerEntry, len(matched))
    for entry_id, (row, tenancy_id) in zip(ids, matched, strict=True):
        label = f"{transfer} – {row.counterparty_name}" if row.counterparty_name else transfer
        booked.entries.append((entry_id, tenancy_id, EntryKind.PAYMENT, None, row.booking_date, -row.amount,
                               label.strip()[:200], PaymentChannel.TRANSFER, now, user_id, f"bank:{row.pk}:1"))
        booked.allocations.append((row.pk, tenancy_id, row.amount, entry_id))
        if row.iban_hash:
            booked.payers.append((row.iban_hash, tenancy_id, row.booking_date))
    return booked


# --- the review queue -------------------------------------------------------------------------


def _check_reviewer(acting: Acting) -> None:
    user = acting.user
    if user is None or not user.is_authenticated or user.role not in REVIEW_ROLES:
        raise DomainError(_("Only the accountants decide what a bank line is for."), code="forbidden")


def _lock(line: BankLine, version: int, *, allowed=(LineState.REVIEW,)) -> BankLine:
    current = BankLine.objects.select_for_update().get(pk=line.pk)
    if current.version != version:
        raise StaleEdit(_("Someone else changed this line while you were looking at it. Here is what it "
                          "is now; check it before you decide."))
    if current.state not in allowed:
        raise DomainError(_("This line is no longer waiting for a decision: it is %(state)s.")
                          % {"state": current.get_state_display()})
    return current


def _finish(line: BankLine, version: int, state: str, reason: str, note: str = "") -> None:
    line.state, line.reason, line.note = state, reason, note[:200]
    save_versioned(line, expected_version=version, fields=["state", "reason", "note"])


def match_by_hand(*, acting: Acting, line: BankLine, tenancy: Tenancy, version: int) -> BankLine:
    """Book the whole line to `tenancy` (a line in review, or one marked not for rent by mistake)."""
    return split_line(acting=acting, line=line, shares=[(tenancy, line.amount)], version=version)


def split_line(*, acting: Acting, line: BankLine, shares: list[tuple[Tenancy, Decimal]], version: int) -> BankLine:
    """Book the line across tenancies; the shares must add up to the line's amount, to the cent."""
    _check_reviewer(acting)
    if line.amount <= 0:
        raise DomainError(_("Only money received can be booked as rent."))
    if not shares:
        raise DomainError(_("Choose at least one tenancy."), field="shares")
    tenancies = [tenancy.pk for tenancy, _amount in shares]
    if len(set(tenancies)) != len(tenancies):
        raise DomainError(_("Each tenancy may appear only once."), field="shares")
    try:
        amounts = [Decimal(amount) for _tenancy, amount in shares]
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter each amount as a number, for example 450.50."), field="shares") from None
    if any(not a.is_finite() or a <= 0 or a != a.quantize(Decimal("0.01")) for a in amounts):
        raise DomainError(_("Each amount must be more than zero, with at most two decimals."), field="shares")
    if sum(amounts) != line.amount:
        from palier.core.formats import format_money

        raise DomainError(_("The amounts add up to %(total)s; they must add up to the line's %(amount)s.")
                          % {"total": format_money(sum(amounts)), "amount": format_money(line.amount)},
                          field="shares")
    with transaction.atomic():
        current = _lock(line, version, allowed=(LineState.REVIEW, LineState.NOT_RENT))
        allocations = [_book(acting, current, tenancy, amount, share)
                       for share, ((tenancy, _a), amount) in enumerate(zip(shares, amounts, strict=True), start=1)]
        BankLineAllocation.objects.bulk_create(allocations)
        _learn((current, tenancy) for tenancy, _a in shares)
        reason = LineReason.BY_HAND if len(shares) == 1 else LineReason.SPLIT
        _finish(current, version, LineState.MATCHED, reason)
        record(acting, "rent.bank_line_split" if len(shares) > 1 else "rent.bank_line_matched", target=current,
               data={"shares": [{"tenancy": t.number, "amount": str(a)} for (t, _x), a in zip(shares, amounts,
                                                                                              strict=True)]})
    return current


def mark_not_rent(*, acting: Acting, line: BankLine, note: str, version: int) -> BankLine:
    """Take a line out of the review queue: it is not a rent payment, and says why."""
    _check_reviewer(acting)
    note = " ".join((note or "").split())
    if not note:
        raise DomainError(_("Say why this line is not for rent."), field="note")
    with transaction.atomic():
        current = _lock(line, version)
        _finish(current, version, LineState.NOT_RENT, LineReason.MARKED, note)
        record(acting, "rent.bank_line_marked_not_rent", target=current, data={"note": note[:200]})
    return current


def register_actions() -> None:
    from django.utils.translation import gettext_lazy

    from palier.audit.registry import register

    register("rent.bank_statement_imported", gettext_lazy("Bank statement imported"))
    register("rent.bank_line_matched", gettext_lazy("Bank line matched by hand"))
    register("rent.bank_line_split", gettext_lazy("Bank line split across tenancies"))
    register("rent.bank_line_marked_not_rent", gettext_lazy("Bank line marked not for rent"))
    register("rent.bank_statement_downloaded", gettext_lazy("Bank statement file downloaded"))
    # The statement files' retention (palier.privacy), registered from the same ready() call.
    from .original import register_privacy

    register_privacy()


