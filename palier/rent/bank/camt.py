"""ISO 20022 camt.053 statements, versions .001.02 to .001.08.

The XML is first read by defusedxml (no DTD, no entity, no external reference: a billion-laughs or
XXE file is refused before anything else), then by lxml, whose elements know their line number for
the accountant's messages; lxml only ever reads a document defusedxml has accepted. One line per
booked entry (`Ntry` with status BOOK); its details come from its first transaction (`TxDtls`).
Names of parties moved under `Pty` in version .08; both are read.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.utils.translation import gettext as _
from lxml import etree  # nosec B410

from .statement import Line, Statement, StatementError, compact, ogm_is_valid

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.0([2-8])$")
OPENING_CODES = ("OPBD", "PRCD")
CLOSING_CODES = ("CLBD",)
BANK_COST_FAMILIES = ("CHRG", "INTR")


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


class _Reader:
    def __init__(self, namespace: str):
        self.ns = {"c": namespace}

    def find(self, element, path: str):
        return element.find(self._q(path), self.ns) if element is not None else None

    def findall(self, element, path: str):
        return element.findall(self._q(path), self.ns) if element is not None else []

    def text(self, element, path: str) -> str:
        found = self.find(element, path)
        return " ".join((found.text or "").split()) if found is not None else ""

    @staticmethod
    @lru_cache(maxsize=256)
    def _q(path: str) -> str:
        return "/".join(part if part.startswith((".", "c:")) else f"c:{part}" for part in path.split("/"))


def _fail(element, reason: str):
    raise StatementError(reason, line=getattr(element, "sourceline", None) or 1)


def _amount(reader: _Reader, element, what: str) -> Decimal:
    amount = reader.find(element, "Amt")
    text = (amount.text or "").strip() if amount is not None else ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        _fail(amount if amount is not None else element, _("the %(what)s “%(value)s” is not an amount.")
              % {"what": what, "value": text})
    if not value.is_finite() or value < 0:
        _fail(amount, _("the %(what)s “%(value)s” is not an amount.") % {"what": what, "value": text})
    if value != value.quantize(Decimal("0.01")):
        _fail(amount, _("the %(what)s has more than two decimals.") % {"what": what})
    currency = amount.get("Ccy", "")
    if currency != "EUR":
        _fail(amount, _("only amounts in euros can be imported, this one is in %(currency)s.")
              % {"currency": currency or "?"})
    indicator = reader.text(element, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        _fail(element, _("the credit or debit indicator must be CRDT or DBIT, not “%(value)s”.") % {"value": indicator})
    value = value.quantize(Decimal("0.01"))
    return value if indicator == "CRDT" else -value


def _date(reader: _Reader, element, path: str, what: str, *, optional: bool = False) -> dt.date | None:
    holder = reader.find(element, path)
    text = reader.text(holder, "Dt") or reader.text(holder, "DtTm")[:10]
    if not text:
        if optional:
            return None
        _fail(holder if holder is not None else element, _("the %(what)s is missing.") % {"what": what})
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(holder, _("the %(what)s “%(value)s” is not a date.") % {"what": what, "value": text})


def _party_name(reader: _Reader, party) -> str:
    return reader.text(party, "Nm") or reader.text(party, "Pty/Nm")


def _line(reader: _Reader, entry) -> Line:
    amount = _amount(reader, entry, _("amount"))
    line = Line(
        booking_date=_date(reader, entry, "BookgDt", _("booking date")),
        value_date=_date(reader, entry, "ValDt", _("value date"), optional=True),
        amount=amount,
        entry_reference=reader.text(entry, "AcctSvcrRef"),
        position=entry.sourceline or 0,
    )
    domain = reader.find(entry, "BkTxCd/Domn")
    if domain is not None:
        line.bank_code = "-".join(filter(None, (reader.text(domain, "Cd"), reader.text(domain, "Fmly/Cd"),
                                                reader.text(domain, "Fmly/SubFmlyCd"))))
    else:
        line.bank_code = reader.text(entry, "BkTxCd/Prtry/Cd")
    details = reader.find(entry, "NtryDtls/TxDtls")
    if details is None:
        line.free_text = reader.text(entry, "AddtlNtryInf")
        return line
    if not line.entry_reference:
        line.entry_reference = reader.text(details, "Refs/AcctSvcrRef")
    end_to_end = reader.text(details, "Refs/EndToEndId")
    line.end_to_end_id = "" if end_to_end == "NOTPROVIDED" else end_to_end
    returned = reader.find(details, "RtrInf")
    if returned is not None:
        line.return_kind = "return"
        line.return_code = reader.text(returned, "Rsn/Cd") or reader.text(returned, "Rsn/Prtry")
    # The other side: who paid us, or whom we paid; for a returned direct debit, the debtor.
    side = "Dbtr" if amount > 0 or returned is not None else "Cdtr"
    parties = reader.find(details, "RltdPties")
    line.counterparty_name = _party_name(reader, reader.find(parties, side))
    line.counterparty_iban = compact(reader.text(parties, f"{side}Acct/Id/IBAN"))
    other_references = []
    for reference in reader.findall(details, "RmtInf/Strd/CdtrRefInf/Ref"):
        digits = "".join(ch for ch in (reference.text or "") if ch.isdigit())
        if ogm_is_valid(digits) and not line.structured_reference:
            line.structured_reference = digits
        else:  # an RF creditor reference, or a mistyped communication: keep it for the accountant
            other_references.append(" ".join((reference.text or "").split()))
    line.free_text = " ".join(filter(None, [*other_references, *(" ".join((u.text or "").split())
                                                                 for u in reader.findall(details, "RmtInf/Ustrd"))]))[:500]
    if not line.free_text:
        line.free_text = reader.text(entry, "AddtlNtryInf")[:500]
    return line


def _statement(reader: _Reader, element) -> Statement:
    iban = compact(reader.text(element, "Acct/Id/IBAN"))
    if not iban:
        _fail(element, _("the statement has no account IBAN."))
    opening = closing = None
    for balance in reader.findall(element, "Bal"):
        code = reader.text(balance, "Tp/CdOrPrtry/Cd")
        if code in OPENING_CODES and opening is None:
            opening = balance
        elif code in CLOSING_CODES:
            closing = balance
    if opening is None or closing is None:
        _fail(element, _("the statement needs an opening balance (OPBD) and a closing balance (CLBD)."))
    statement = Statement(
        account_iban=iban,
        number=reader.text(element, "LglSeqNb") or reader.text(element, "ElctrncSeqNb") or reader.text(element, "Id"),
        opening_balance=_amount(reader, opening, _("opening balance")),
        opening_date=_date(reader, opening, "Dt", _("opening balance date")),
        closing_balance=_amount(reader, closing, _("closing balance")),
        closing_date=_date(reader, closing, "Dt", _("closing balance date")),
        position=element.sourceline or 0,
    )
    total = statement.opening_balance
    for entry in reader.findall(element, "Ntry"):
        status = reader.text(entry, "Sts") or reader.text(entry, "Sts/Cd")
        if status != "BOOK":
            continue  # pending or informative entries are not on the balance
        line = _line(reader, entry)
        statement.lines.append(line)
        total += line.amount
    if total != statement.closing_balance:
        _fail(closing, _("the opening balance plus the entries (%(computed)s) is not the closing balance "
                         "(%(closing)s): the file may be truncated.")
              % {"computed": total, "closing": statement.closing_balance})
    return statement


def parse(content: bytes) -> list[Statement]:
    try:
        defused_fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise StatementError(_("The file declares a DTD or entities, which a bank statement never does: "
                               "it is refused for safety."), line=1) from None
    except SyntaxError as exc:  # xml.etree's ParseError
        line = getattr(exc, "position", (1, 0))[0]
        raise StatementError(_("the XML is not well formed (%(detail)s).") % {"detail": exc.msg if hasattr(exc, "msg")
                                                                              else str(exc)}, line=line) from None
    # Defused above, and read with a parser that resolves no entity and fetches nothing.
    root = etree.fromstring(content, parser=_parser())  # nosec B320
    namespace = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Document" or not NAMESPACE.match(namespace):
        _fail(root, _("this XML is not a camt.053 statement (versions 001.02 to 001.08)."))
    reader = _Reader(namespace)
    statements = [_statement(reader, element) for element in reader.findall(root, "BkToCstmrStmt/Stmt")]
    if not statements:
        _fail(root, _("the file holds no statement."))
    return statements
