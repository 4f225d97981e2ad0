"""The statement as Palier reads it, whatever the bank's format: an account, its opening and
closing balances, and lines. Amounts are Decimal euros; a line's amount is signed as the bank
books it on the landlord's account (positive: money received)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from palier.core.errors import DomainError


class StatementError(DomainError):
    """A file Palier refuses to import, with the line of the file and the reason, in words."""

    def __init__(self, reason: str, *, line: int | None = None):
        message = _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason} if line else reason
        super().__init__(message, field="file", code="bad_statement")
        self.line = line
        self.reason = reason


@dataclass
class Line:
    booking_date: dt.date
    amount: Decimal
    value_date: dt.date | None = None
    counterparty_name: str = ""
    counterparty_iban: str = ""
    # 12 digits of a Belgian structured communication (OGM-VCS), or empty.
    structured_reference: str = ""
    free_text: str = ""
    # The bank's own reference of the entry: unique at that bank, the key against double counting.
    entry_reference: str = ""
    end_to_end_id: str = ""
    # R-transactions (a direct debit rejected, returned, refunded...): their kind and ISO reason code.
    return_kind: str = ""
    return_code: str = ""
    bank_code: str = ""
    # Where the line starts in the file (1-based), to point at it in messages.
    position: int = 0

    @property
    def is_return(self) -> bool:
        return bool(self.return_kind or self.return_code)


@dataclass
class Statement:
    account_iban: str
    number: str
    opening_balance: Decimal
    opening_date: dt.date
    closing_balance: Decimal
    closing_date: dt.date
    currency: str = "EUR"
    lines: list[Line] = field(default_factory=list)
    position: int = 0


def compact(value: str) -> str:
    return "".join((value or "").split()).upper()


_OGM_IN_TEXT = re.compile(r"(?<!\d)(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})(?!\d)")


def ogm_is_valid(digits: str) -> bool:
    """The OGM-VCS check (as python-stdnum's `ogm_vcs.is_valid`, without its cost per line): the
    last two digits are the first ten modulo 97, 97 for 0."""
    return len(digits) == 12 and digits.isascii() and digits.isdigit() and (int(digits[:10]) % 97 or 97) == int(
        digits[10:])


def ogm_in_text(text: str) -> str:
    """A valid structured communication typed in free text (`+++000/2601/23434+++`, `000260123434`),
    or empty: people often copy it into the free-text field of their banking app."""
    for match in _OGM_IN_TEXT.finditer(text or ""):
        digits = "".join(match.groups())
        if ogm_is_valid(digits):
            return digits
    return ""


def read_statement_file(content: bytes) -> tuple[str, list[Statement]]:
    """Sniff the content (not the file name) and parse it: ("coda" | "camt053", statements)."""
    from . import camt, coda

    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "camt053", camt.parse(content)
    if head[:1] == b"0" and head[1:5].isdigit():
        return "coda", coda.parse(content)
    raise StatementError(_("This file is neither a CODA statement nor a camt.053 statement."), line=1)
