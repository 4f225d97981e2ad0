"""Belgian CODA 2.6 statements (Febelfin): fixed-width records of 128 characters.

Records read: 0 (header), 1 (old balance), 21/22/23 (movement), 31/32/33 (information), 4 (free
communication), 8 (new balance), 9 (trailer). One line per movement of type 0 to 3, except for an
amount grouped by the customer or the bank (globalisation, types 1 and 2): its details (types 5,
6, 7 and 9, the same sequence number with their own detail number) each become a line, matched
on its own communication, and the grouped amount itself is not a line. The balances and the
trailer's totals count the grouped amounts only, as the bank does.

febelfin-coda knows the same layout, but it reports a bad file with a bare `assert` (gone under
`python -O`) and without the line number, which the accountant needs: this module reads the
records itself, field by field, and names the line and the field that is wrong. The tests check
that febelfin-coda reads our sample files the same way.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .statement import Line, Statement, StatementError, compact

WIDTH = 128
# Where a Belgian structured communication sits: communication type 1, code 101 or 102.
STRUCTURED_CODES = ("101", "102")
R_KINDS = {"1": "reject", "2": "return", "3": "refund", "4": "reversal", "5": "cancellation"}
# Transaction families that are never rent: 35 closing (interest, charges), 43 foreign cheques...
BANK_COST_FAMILIES = ("35",)


class _Record:
    """One record, read by 1-based positions as the Febelfin standard numbers them."""

    def __init__(self, text: str, number: int):
        self.text = text
        self.number = number

    def raw(self, start: int, end: int) -> str:
        return self.text[start - 1:end]

    def string(self, start: int, end: int) -> str:
        return " ".join(self.raw(start, end).split())

    def fail(self, reason: str):
        raise StatementError(reason, line=self.number)

    def date(self, start: int, what: str, *, optional: bool = False) -> dt.date | None:
        value = self.raw(start, start + 5)
        if optional and value in ("000000", "      "):
            return None
        try:
            return dt.datetime.strptime(value, "%d%m%y").date()
        except ValueError:
            self.fail(_("the %(what)s “%(value)s” is not a date (DDMMYY).") % {"what": what, "value": value})

    def amount(self, sign_at: int, start: int, end: int, what: str) -> Decimal:
        sign, digits = self.raw(sign_at, sign_at), self.raw(start, end)
        if sign not in ("0", "1") or not digits.isdigit():
            self.fail(_("the %(what)s “%(value)s” is not an amount.") % {"what": what, "value": sign + digits})
        try:
            value = Decimal(digits) / 1000
        except InvalidOperation:
            self.fail(_("the %(what)s “%(value)s” is not an amount.") % {"what": what, "value": digits})
        if value != value.quantize(Decimal("0.01")):
            self.fail(_("the %(what)s has more than two decimals.") % {"what": what})
        value = value.quantize(Decimal("0.01"))
        return -value if sign == "1" else value

    def integer(self, start: int, end: int, what: str) -> int:
        value = self.raw(start, end)
        if not value.isdigit():
            self.fail(_("the %(what)s “%(value)s” is not a number.") % {"what": what, "value": value})
        return int(value)


class _Movement:
    def __init__(self, record: _Record):
        self.record = record
        self.sequence = record.raw(3, 6)
        self.detail = record.raw(7, 10)
        # The details of a grouped (globalised) movement, each a movement record of its own.
        self.details: list[_Movement] = []
        self.line = Line(
            booking_date=record.date(116, _("entry date")),
            value_date=record.date(48, _("value date"), optional=True),
            amount=record.amount(32, 33, 47, _("amount")),
            entry_reference=record.string(11, 31),
            bank_code=record.raw(54, 61),
            position=record.number,
        )
        self.transaction_type = record.raw(54, 54)
        self.structured = record.raw(62, 62) == "1"
        if record.raw(62, 62) not in ("0", "1"):
            record.fail(_("the communication type must be 0 (free) or 1 (structured)."))
        self.communication = record.raw(63, 115)

    def lines(self) -> list[Line]:
        """The lines this movement gives: itself, or, for an amount grouped by the customer or the
        bank (type 1 or 2), its details, each with its own communication and payer, when they add
        up to the grouped amount (then the grouped amount itself is not a line: it would count the
        money twice). Details of type 7 (a group within the group) give way to their own details
        (type 9); details of type 8 only break down charges of a type 3 movement."""
        if self.transaction_type not in ("1", "2") or not self.details:
            return [self.finish()]
        leaves: list[_Movement] = []
        for detail in self.details:
            if detail.transaction_type == "9" and leaves and leaves[-1].transaction_type in ("7", "9"):
                if leaves[-1].transaction_type == "7":
                    leaves.pop()
                leaves.append(detail)
            elif detail.transaction_type in ("5", "6", "7"):
                leaves.append(detail)
        if not leaves or sum((leaf.line.amount for leaf in leaves), Decimal(0)) != self.line.amount:
            return [self.finish()]  # details that do not add up: the grouped amount, for a person to look at
        lines = []
        for leaf in leaves:
            line = leaf.finish()
            # The bank's reference is the group's; the detail number tells its lines apart.
            line.entry_reference = f"{line.entry_reference or self.line.entry_reference}/{leaf.detail}"[:64]
            lines.append(line)
        return lines

    def finish(self) -> Line:
        line = self.line
        if self.structured:
            code, rest = self.communication[:3], self.communication[3:]
            if code in STRUCTURED_CODES:
                line.structured_reference = "".join(ch for ch in rest[:12] if ch.isdigit())
                if len(line.structured_reference) != 12:
                    self.record.fail(_("the structured communication “%(value)s” does not have 12 digits.")
                                     % {"value": rest[:12]})
            else:
                line.free_text = " ".join(rest.split())
        else:
            line.free_text = " ".join(self.communication.split())
        return line


def _account(record: _Record, structure: str, start: int) -> tuple[str, str]:
    """The account (an IBAN for structures 2 and 3) and its currency, from the 37 positions at `start`."""
    block = record.raw(start, start + 36)
    if structure == "0":
        return compact(block[:12]), block[13:16]
    if structure in ("1", "2", "3"):
        return compact(block[:34]), block[34:37]
    record.fail(_("the account structure must be 0, 1, 2 or 3."))


def _decode(content: bytes) -> list[str]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        # Most Belgian banks still write CODA in Windows-1252 (ISO-8859-1 for some).
        text = content.decode("windows-1252", errors="replace")
    return text.lstrip("\ufeff").splitlines()


def parse(content: bytes) -> list[Statement]:
    statements: list[Statement] = []
    statement: Statement | None = None
    movement: _Movement | None = None
    # The movement (or detail) the next 22 and 23 records complete.
    target: _Movement | None = None
    records = 0
    debit = credit = Decimal(0)
    last = 0

    def close_movement():
        nonlocal movement, target
        if movement is not None:
            statement.lines.extend(movement.lines())
            movement = target = None

    for number, text in enumerate(_decode(content), start=1):
        if not text.strip():
            continue
        last = number
        if len(text) > WIDTH:
            raise StatementError(_("a CODA record has %(width)s characters, this one has %(length)s.")
                                 % {"width": WIDTH, "length": len(text)}, line=number)
        record = _Record(text.ljust(WIDTH), number)
        kind = text[0]
        if kind != "0" and statement is None:
            record.fail(_("the statement must start with a header record (0)."))
        if kind == "0":
            if statement is not None:
                record.fail(_("a new header (record 0) comes before the end of the previous statement (record 9)."))
            if record.raw(128, 128) != "2":
                record.fail(_("only CODA version 2 is supported (position 128 of the header)."))
            record.date(6, _("creation date"))
            statement = Statement(account_iban="", number="", opening_balance=Decimal(0), opening_date=dt.date.min,
                                  closing_balance=Decimal(0), closing_date=dt.date.min, position=number)
            statements.append(statement)
            records = 0
            debit = credit = Decimal(0)
        elif kind == "1":
            structure = record.raw(2, 2)
            statement.account_iban, statement.currency = _account(record, structure, 6)
            if statement.currency != "EUR":
                record.fail(_("only accounts in euros can be imported, this one is in %(currency)s.")
                            % {"currency": statement.currency or "?"})
            statement.number = record.raw(3, 5).strip()
            statement.opening_balance = record.amount(43, 44, 58, _("old balance"))
            statement.opening_date = record.date(59, _("old balance date"))
            records += 1
        elif kind == "2":
            article = record.raw(2, 2)
            if article == "1":
                current = _Movement(record)
                kind_of = current.transaction_type
                if kind_of in ("0", "1", "2", "3"):
                    close_movement()
                    movement = target = current
                    if current.line.amount >= 0:
                        credit += current.line.amount
                    else:
                        debit -= current.line.amount
                elif kind_of in ("5", "6", "7", "8", "9"):
                    # A detail of the movement before it: same sequence number, its own detail number.
                    if movement is None or current.sequence != movement.sequence:
                        record.fail(_("this detail (type %(type)s) does not follow the movement it details "
                                      "(sequence number %(sequence)s).")
                                    % {"type": kind_of, "sequence": current.sequence})
                    movement.details.append(current)
                    target = current
                else:
                    record.fail(_("unknown transaction type “%(type)s”.") % {"type": kind_of})
            elif article in ("2", "3"):
                if target is not None and record.raw(3, 6) == target.sequence and record.raw(7, 10) == target.detail:
                    if article == "2":
                        target.communication += record.raw(11, 63)
                        target.line.end_to_end_id = record.string(64, 98)
                        r_type, r_reason = record.raw(113, 113).strip(), record.raw(114, 117).strip()
                        if r_type:
                            target.line.return_kind = R_KINDS.get(r_type, r_type)
                            target.line.return_code = r_reason
                    else:
                        target.line.counterparty_iban = compact(record.raw(11, 44))
                        target.line.counterparty_name = record.string(48, 82)
                        target.communication += record.raw(83, 125)
            else:
                record.fail(_("unknown movement record “2%(article)s”.") % {"article": article})
            records += 1
        elif kind == "3":
            if record.raw(2, 2) not in ("1", "2", "3"):
                record.fail(_("unknown information record “3%(article)s”.") % {"article": record.raw(2, 2)})
            records += 1
        elif kind == "4":
            pass
        elif kind == "8":
            close_movement()
            statement.closing_balance = record.amount(42, 43, 57, _("new balance"))
            statement.closing_date = record.date(58, _("new balance date"))
            records += 1
        elif kind == "9":
            close_movement()
            if statement.closing_date == dt.date.min:
                record.fail(_("the statement has no new balance (record 8)."))
            count = record.integer(17, 22, _("number of records"))
            if count != records:
                record.fail(_("the trailer counts %(count)s records, the statement has %(records)s: "
                              "the file may be truncated.") % {"count": count, "records": records})
            total_debit = _unsigned(record, 23, 37)
            total_credit = _unsigned(record, 38, 52)
            if (total_debit, total_credit) != (debit, credit):
                record.fail(_("the trailer's totals (debit %(debit)s, credit %(credit)s) do not match the "
                              "movements (debit %(our_debit)s, credit %(our_credit)s).")
                            % {"debit": total_debit, "credit": total_credit, "our_debit": debit, "our_credit": credit})
            if statement.opening_balance + credit - debit != statement.closing_balance:
                record.fail(_("the old balance plus the movements (%(computed)s) is not the new balance "
                              "(%(closing)s).") % {"computed": statement.opening_balance + credit - debit,
                                                   "closing": statement.closing_balance})
            statement = None
        else:
            record.fail(_("unknown record type “%(type)s”.") % {"type": kind})
    if statement is not None:
        raise StatementError(_("the file ends before the statement's trailer (record 9): it is truncated."),
                             line=last + 1)
    if not statements:
        raise StatementError(_("The file is empty."), line=1)
    return statements


def _unsigned(record: _Record, start: int, end: int) -> Decimal:
    digits = record.raw(start, end)
    if not digits.isdigit():
        record.fail(_("the total “%(value)s” is not an amount.") % {"value": digits})
    return (Decimal(digits) / 1000).quantize(Decimal("0.01"))
