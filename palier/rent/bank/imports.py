"""Importing a bank statement file: all or nothing, never counting a payment twice.

- The same file again (same bytes) is recognised and changes nothing.
- Each statement's opening balance must be the closing balance of the statement before it on that
  account (the first statement of an account starts the chain); a statement already imported from
  another file (overlapping files) is kept as a repeat, and its lines are duplicates.
- Each line is keyed (`dedupe_key`): a line whose key is already live is a duplicate, never booked.
- Matching runs before anything is written, on all the lines at once (a few set-based queries);
  lines, payments and allocations are then written in bulk, in the same transaction: matched
  payments are on the tenants' balances as soon as the import returns.
- The file itself is kept, compressed and encrypted (`original.py`).
"""

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.crypto import compact_iban, fernet, lookup_key
from palier.core.errors import DomainError
from palier.core.formats import format_money

from ..arrears import ledger_changed
from ..bank_models import BankImport, BankLine, BankLineAllocation, BankStatement, LineReason, LineState
from ..models import LedgerEntry
from . import bulk, matching
from .original import store_original
from .statement import Line, Statement, StatementError, read_statement_file

# A camt.053 statement of 100,000 entries weighs about 70 MB.
MAX_BYTES = 150 * 1024 * 1024
IMPORT_ROLES = frozenset({Role.ACCOUNTANT})


@dataclass
class ImportOutcome:
    bank_import: BankImport
    already: bool = False


def may_import(acting: Acting) -> bool:
    user = acting.user
    return user is None or (user.is_authenticated and user.role in IMPORT_ROLES)


def _hasher(purpose: str):
    """`lookup_hash(value, purpose=purpose)`, with the key set up once for a whole file."""
    prototype = hmac.new(lookup_key(), purpose.encode() + b"\x00", hashlib.sha256)

    def digest(value: str) -> str:
        mac = prototype.copy()
        mac.update(value.encode())
        return mac.hexdigest()

    return digest


def dedupe_key(account: str, line: Line, counters: Counter, *, hasher=None) -> str:
    """The bank's entry reference when present; else a keyed hash of account, booking date,
    amount, counterparty and reference, with a counter for identical lines of the file."""
    hasher = hasher or _hasher("bank-line")
    if line.entry_reference:
        return "r:" + hasher(f"{account}|{line.entry_reference}")
    fingerprint = "|".join((account, line.booking_date.isoformat(), str(line.amount), line.counterparty_iban,
                            line.counterparty_name.upper(), line.structured_reference, line.free_text.upper()))
    digest = hasher(fingerprint)
    counters[digest] += 1
    return f"h:{digest}:{counters[digest]}"


def _chain(statement: Statement, bank_import: BankImport) -> BankStatement:
    """Store the statement after checking it follows the previous one of its account."""
    fields = {"account_iban": statement.account_iban, "number": statement.number,
              "opening_balance": statement.opening_balance, "closing_balance": statement.closing_balance,
              "opening_date": statement.opening_date, "closing_date": statement.closing_date}
    # The same statement again (from an overlapping file, or in the other format): same account,
    # number, balances and closing date. The opening date is left out: CODA gives the date of the
    # previous balance, camt.053 the statement's first day.
    same = BankStatement.objects.filter(
        repeat_of__isnull=True, **{k: v for k, v in fields.items() if k != "opening_date"}).order_by("id").first()
    if same is None:
        previous = (BankStatement.objects.filter(account_iban=statement.account_iban, repeat_of__isnull=True,
                                                 closing_date__lte=statement.closing_date)
                    .order_by("-closing_date", "-id").first())
        if previous is not None and previous.closing_balance != statement.opening_balance:
            raise StatementError(
                _("Statement %(number)s of account %(account)s opens with %(opening)s, but the statement before "
                  "it (number %(previous)s) closed with %(closing)s. A statement is missing or in the wrong "
                  "order: import the missing one first.")
                % {"number": statement.number, "account": statement.account_iban,
                   "opening": format_money(statement.opening_balance), "previous": previous.number,
                   "closing": format_money(previous.closing_balance)},
                line=statement.position or None,
            )
    return BankStatement.objects.create(bank_import=bank_import, repeat_of=same, **fields)


def _live_keys(keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    size = bulk.chunk_size()
    for start in range(0, len(keys), size):
        found.update(BankLine.objects.filter(dedupe_key__in=keys[start:start + size])
                     .exclude(state=LineState.DUPLICATE).values_list("dedupe_key", "pk"))
    return found


def import_statement_file(*, acting: Acting, file_name: str, content: bytes) -> ImportOutcome:
    """Import a CODA or camt.053 file. Raises StatementError (a DomainError, with the line and the
    reason) for a file that is malformed or breaks the chain of balances; nothing is then written."""
    if not may_import(acting):
        raise DomainError(_("Only the accountants import bank statements."), code="forbidden")
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
                          field="file")
    if not content.strip():
        raise StatementError(_("The file is empty."), line=1)
    digest = hashlib.sha256(content).hexdigest()
    existing = BankImport.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportOutcome(existing, already=True)
    file_format, statements = read_statement_file(content)
    try:
        with transaction.atomic():
            bank_import = _import(acting, file_name, file_format, statements, digest, content)
    except IntegrityError:
        # Someone imported the same file, or overlapping lines, at the very same moment.
        existing = BankImport.objects.filter(sha256=digest).first()
        if existing is not None:
            return ImportOutcome(existing, already=True)
        raise DomainError(_("Another import of the same lines ran at the same time. Import the file again: "
                            "what is already in will be skipped."), field="file") from None
    return ImportOutcome(bank_import)


class _Row:
    """A line of the file on its way to the database (a plain object: building 100,000 model
    instances would cost more than the whole import)."""

    __slots__ = ("pk", "statement_id", "line", "dedupe_key", "iban_hash", "state", "reason", "note",
                 "suggested_tenancy_id", "duplicate_of_id", "digits")

    def __init__(self, statement_id: int, line: Line, key: str, iban_hash: str):
        self.pk = None
        self.statement_id, self.line, self.dedupe_key, self.iban_hash = statement_id, line, key, iban_hash
        self.state, self.reason, self.note = LineState.REVIEW, LineReason.NO_CLUE, ""
        self.suggested_tenancy_id = self.duplicate_of_id = None
        self.digits = ""

    def __getattr__(self, name):  # amount, booking_date, free_text... come from the parsed line
        return getattr(self.line, name)


LINE_FIELDS = ("id", "created_at", "updated_at", "version", "bank_import_id", "statement_id", "position",
               "booking_date", "value_date", "amount", "counterparty_name", "counterparty_iban", "iban_hash",
               "structured_reference", "free_text", "entry_reference", "end_to_end_id", "return_kind",
               "return_code", "bank_code", "dedupe_key", "state", "reason", "note", "suggested_tenancy_id",
               "duplicate_of_id")


def _line_rows(bank_import: BankImport, rows: list[_Row]) -> list[tuple]:
    now = timezone.now()
    box = fernet()
    encrypted: dict[str, str] = {}
    out = []
    for row in rows:
        line = row.line
        iban = line.counterparty_iban[:34]
        if iban and iban not in encrypted:
            encrypted[iban] = box.encrypt(iban.encode()).decode()
        out.append((row.pk, now, now, 1, bank_import.pk, row.statement_id, line.position, line.booking_date,
                    line.value_date, line.amount, line.counterparty_name[:140], encrypted.get(iban, ""),
                    row.iban_hash, line.structured_reference, line.free_text[:500], line.entry_reference[:64],
                    line.end_to_end_id[:64], line.return_kind[:16], line.return_code[:8], line.bank_code[:35],
                    row.dedupe_key, row.state, row.reason, row.note[:200], row.suggested_tenancy_id,
                    row.duplicate_of_id))
    return out


def _import(acting, file_name, file_format, statements, digest, content) -> BankImport:
    user = acting.user if acting.is_authenticated else None
    bank_import = BankImport.objects.create(file_name=(file_name or "statement")[:200], file_format=file_format,
                                            sha256=digest, size=len(content), imported_by=user)
    store_original(bank_import, content)
    line_key, iban_key = _hasher("bank-line"), _hasher("iban")
    counters: Counter = Counter()
    rows: list[_Row] = []
    for statement in statements:
        stored = _chain(statement, bank_import)
        # A repeated statement's identical lines must get the same counters as the first time.
        own = Counter() if stored.repeat_of_id else counters
        for line in statement.lines:
            rows.append(_Row(stored.pk, line, dedupe_key(statement.account_iban, line, own, hasher=line_key),
                             iban_key(compact_iban(line.counterparty_iban)) if line.counterparty_iban else ""))
            if stored.repeat_of_id:
                rows[-1].state = None  # a repeat: a duplicate whatever its key
    live = _live_keys([row.dedupe_key for row in rows])
    seen_here: set[str] = set()
    fresh = []
    for row, pk in zip(rows, bulk.reserve_ids(BankLine, len(rows)), strict=True):
        row.pk = pk
        key = row.dedupe_key
        if key in live or key in seen_here or row.state is None:
            row.state, row.reason = LineState.DUPLICATE, LineReason.ALREADY_IMPORTED
            row.duplicate_of_id = live.get(key)
        else:
            seen_here.add(key)
            fresh.append(row)
    booked = matching.match_rows(acting=acting, rows=fresh)
    bulk.insert(BankLine, LINE_FIELDS, _line_rows(bank_import, rows))
    bulk.insert(LedgerEntry, matching.LEDGER_FIELDS, booked.entries)
    ledger_changed(entry[1] for entry in booked.entries)
    bulk.insert(BankLineAllocation, matching.ALLOCATION_FIELDS, booked.allocations)
    bulk.upsert_known_payers(booked.payers)
    if booked.returns:
        matching.book_returns(acting, booked.returns)
    counts = counts_of(bank_import) if booked.returns else {"lines": len(rows), **{
        state: sum(1 for row in rows if row.state == state) for state in LineState.values}}
    record(acting, "rent.bank_statement_imported", target=bank_import,
           data={"format": file_format, "statements": len(statements), "payments_booked": len(booked.entries),
                 **counts})
    return bank_import


def counts_of(bank_import: BankImport) -> dict[str, int]:
    totals = BankLine.objects.filter(bank_import=bank_import).aggregate(
        lines=Count("id"), **{state: Count("id", filter=Q(state=state)) for state in LineState.values})
    return totals
