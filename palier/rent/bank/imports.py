"""Importing a bank statement file: all or nothing, never counting a payment twice.

- The same file again (same bytes) is recognised and changes nothing.
- Each statement's opening balance must be the closing balance of the statement before it on that
  account (the first statement of an account starts the chain); a statement already imported from
  another file (overlapping files) is kept as a repeat, and its lines are duplicates.
- Each line is keyed (`dedupe_key`): a line whose key is already live is a duplicate, never booked.
- Matching runs at the end, in the same transaction: matched payments are on the tenants'
  balances as soon as the import returns.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.crypto import iban_lookup_hash, lookup_hash
from palier.core.errors import DomainError
from palier.core.formats import format_money

from ..bank_models import BankImport, BankLine, BankStatement, LineReason, LineState
from . import matching
from .statement import Line, Statement, StatementError, read_statement_file

MAX_BYTES = 25 * 1024 * 1024
IMPORT_ROLES = frozenset({Role.ACCOUNTANT})
CHUNK = 900
BATCH = 1000


@dataclass
class ImportOutcome:
    bank_import: BankImport
    already: bool = False


def may_import(acting: Acting) -> bool:
    user = acting.user
    return user is None or (user.is_authenticated and user.role in IMPORT_ROLES)


def dedupe_key(account: str, line: Line, counters: Counter) -> str:
    """The bank's entry reference when present; else a keyed hash of account, booking date,
    amount, counterparty and reference, with a counter for identical lines of the file."""
    if line.entry_reference:
        return "r:" + lookup_hash(f"{account}|{line.entry_reference}", purpose="bank-line")
    fingerprint = "|".join((account, line.booking_date.isoformat(), str(line.amount), line.counterparty_iban,
                            line.counterparty_name.upper(), line.structured_reference, line.free_text.upper()))
    digest = lookup_hash(fingerprint, purpose="bank-line")
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
    for start in range(0, len(keys), CHUNK):
        found.update(BankLine.objects.filter(dedupe_key__in=keys[start:start + CHUNK])
                     .exclude(state=LineState.DUPLICATE).values_list("dedupe_key", "pk"))
    return found


def _new_line(bank_import, stored, line: Line, key: str) -> BankLine:
    return BankLine(
        bank_import=bank_import, statement=stored, position=line.position, booking_date=line.booking_date,
        value_date=line.value_date, amount=line.amount, counterparty_name=line.counterparty_name[:140],
        counterparty_iban=line.counterparty_iban[:34],
        iban_hash=iban_lookup_hash(line.counterparty_iban) if line.counterparty_iban else "",
        structured_reference=line.structured_reference, free_text=line.free_text[:500],
        entry_reference=line.entry_reference[:64], end_to_end_id=line.end_to_end_id[:64],
        return_kind=line.return_kind[:16], return_code=line.return_code[:8], bank_code=line.bank_code[:35],
        dedupe_key=key, state=LineState.REVIEW, reason=LineReason.NO_CLUE,
    )


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
            bank_import = _import(acting, file_name, file_format, statements, digest, len(content))
    except IntegrityError:
        # Someone imported the same file, or overlapping lines, at the very same moment.
        existing = BankImport.objects.filter(sha256=digest).first()
        if existing is not None:
            return ImportOutcome(existing, already=True)
        raise DomainError(_("Another import of the same lines ran at the same time. Import the file again: "
                            "what is already in will be skipped."), field="file") from None
    return ImportOutcome(bank_import)


def _import(acting, file_name, file_format, statements, digest, size) -> BankImport:
    user = acting.user if acting.is_authenticated else None
    bank_import = BankImport.objects.create(file_name=(file_name or "statement")[:200], file_format=file_format,
                                            sha256=digest, size=size, imported_by=user)
    counters: Counter = Counter()
    planned: list[tuple[BankStatement, Line, str]] = []
    for statement in statements:
        stored = _chain(statement, bank_import)
        # A repeated statement's identical lines must get the same counters as the first time.
        own = Counter() if stored.repeat_of_id else counters
        planned.extend((stored, line, dedupe_key(statement.account_iban, line, own)) for line in statement.lines)
    live = _live_keys([key for _stored, _line, key in planned])
    seen_here: set[str] = set()
    lines, fresh = [], []
    for stored, line, key in planned:
        bank_line = _new_line(bank_import, stored, line, key)
        if key in live or key in seen_here or stored.repeat_of_id:
            bank_line.state, bank_line.reason = LineState.DUPLICATE, LineReason.ALREADY_IMPORTED
            bank_line.duplicate_of_id = live.get(key)
        else:
            seen_here.add(key)
            fresh.append(bank_line)
        lines.append(bank_line)
    BankLine.objects.bulk_create(lines, batch_size=BATCH)
    payments = matching.match_new_lines(acting=acting, lines=fresh)
    counts = counts_of(bank_import)
    record(acting, "rent.bank_statement_imported", target=bank_import,
           data={"format": file_format, "statements": len(statements), "payments_booked": payments, **counts})
    return bank_import


def counts_of(bank_import: BankImport) -> dict[str, int]:
    totals = BankLine.objects.filter(bank_import=bank_import).aggregate(
        lines=Count("id"), **{state: Count("id", filter=Q(state=state)) for state in LineState.values})
    return totals
