"""ISO 20022 camt.053 statements, versions .001.02 to .001.08.

The file is read as a stream (lxml's iterparse): each booked entry is turned into a line and
dropped from memory at once, so a statement of 100,000 entries reads in seconds. The parser loads
no DTD, resolves no entity and fetches nothing; a file that declares a DTD (a billion-laughs or XXE
attempt, never a bank statement) is refused before its first element is read. lxml's elements know
their line number, for the accountant's messages. One line per booked entry (`Ntry` with status
BOOK); its details come from its transaction (`TxDtls`). A batch booking — one entry for several
transactions, each with its own amount, such as a welfare office paying several households' rent in
one transfer — is read as one line per transaction, when their amounts add up to the entry's;
otherwise it stays one line described by its first transaction. Names of parties moved under `Pty`
in version .08; both are read.
"""

import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree  # nosec B410

from .statement import Line, Statement, StatementError, compact, ogm_is_valid

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.0([2-8])$")
OPENING_CODES = ("OPBD", "PRCD")
CLOSING_CODES = ("CLBD",)
BANK_COST_FAMILIES = ("CHRG", "INTR")
CENT = Decimal("0.01")
_DETAILS = "NtryDtls/TxDtls"
# Field names for the messages, translated only when a message is shown.
AMOUNT, BOOKING_DATE, VALUE_DATE = gettext_lazy("amount"), gettext_lazy("booking date"), gettext_lazy("value date")


# The parts of a transaction and of an entry that are read; the rest (agents, addresses...) is skipped.
_TX_PARTS = frozenset((
    "Refs", "AmtDtls", "AmtDtls/TxAmt", "RtrInf", "RtrInf/Rsn", "RltdPties", "RltdPties/Dbtr", "RltdPties/Dbtr/Pty",
    "RltdPties/Cdtr", "RltdPties/Cdtr/Pty", "RltdPties/DbtrAcct", "RltdPties/DbtrAcct/Id", "RltdPties/CdtrAcct",
    "RltdPties/CdtrAcct/Id", "RmtInf", "RmtInf/Strd", "RmtInf/Strd/CdtrRefInf"))
_ENTRY_PARTS = frozenset(
    ("Sts", "BookgDt", "ValDt", "BkTxCd", "BkTxCd/Domn", "BkTxCd/Domn/Fmly", "BkTxCd/Prtry", "NtryDtls", _DETAILS)
    + tuple(f"{_DETAILS}/{part}" for part in _TX_PARTS))


class _Node:
    """One element and its descendants, indexed once by path (`Acct/Id/IBAN`, namespace left out):
    an entry is walked a single time instead of being searched for each field. With `parts`, only
    those containers are walked into."""

    __slots__ = ("element", "paths")

    def __init__(self, element, cut: int, parts: frozenset | None = None):
        self.element = element
        self.paths: dict[str, list] = {}
        self._index(element, "", cut, parts)

    def _index(self, element, prefix: str, cut: int, parts) -> None:
        paths = self.paths
        for child in element:
            tag = child.tag
            if tag.__class__ is not str:
                continue
            path = prefix + tag[cut:]
            found = paths.get(path)
            if found is None:
                paths[path] = [child]
            elif path == _DETAILS:
                found.append(child)  # a batch booking's further transactions, read on their own
                continue
            elif path == "NtryDtls":
                continue
            else:
                found.append(child)
            if (path in parts) if parts is not None else len(child):
                self._index(child, path + "/", cut, parts)

    def find(self, path: str):
        found = self.paths.get(path)
        return found[0] if found else None

    def findall(self, path: str) -> list:
        return self.paths.get(path, [])

    def text(self, path: str) -> str:
        found = self.paths.get(path)
        if not found:
            return ""
        return " ".join((found[0].text or "").split())


def _fail(element, reason: str):
    raise StatementError(reason, line=getattr(element, "sourceline", None) or 1)


def _amount(node: _Node, prefix: str, what: str) -> Decimal:
    amount = node.find(prefix + "Amt")
    text = (amount.text or "").strip() if amount is not None else ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        _fail(amount if amount is not None else node.element, _("the %(what)s “%(value)s” is not an amount.")
              % {"what": what, "value": text})
    if not value.is_finite() or value < 0:
        _fail(amount, _("the %(what)s “%(value)s” is not an amount.") % {"what": what, "value": text})
    if value != value.quantize(CENT):
        _fail(amount, _("the %(what)s has more than two decimals.") % {"what": what})
    currency = amount.get("Ccy", "")
    if currency != "EUR":
        _fail(amount, _("only amounts in euros can be imported, this one is in %(currency)s.")
              % {"currency": currency or "?"})
    indicator = node.text(prefix + "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        _fail(node.element, _("the credit or debit indicator must be CRDT or DBIT, not “%(value)s”.") % {"value": indicator})
    value = value.quantize(CENT)
    return value if indicator == "CRDT" else -value


def _date(node: _Node, path: str, what: str, *, optional: bool = False) -> dt.date | None:
    holder = node.find(path)
    text = node.text(path + "/Dt") or node.text(path + "/DtTm")[:10]
    if not text:
        if optional:
            return None
        _fail(holder if holder is not None else node.element, _("the %(what)s is missing.") % {"what": what})
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(holder, _("the %(what)s “%(value)s” is not a date.") % {"what": what, "value": text})


def _line(node: _Node) -> Line:
    amount = _amount(node, "", AMOUNT)
    line = Line(
        booking_date=_date(node, "BookgDt", BOOKING_DATE),
        value_date=_date(node, "ValDt", VALUE_DATE, optional=True),
        amount=amount,
        entry_reference=node.text("AcctSvcrRef"),
        position=node.element.sourceline or 0,
    )
    if node.find("BkTxCd/Domn") is not None:
        line.bank_code = "-".join(filter(None, (node.text("BkTxCd/Domn/Cd"), node.text("BkTxCd/Domn/Fmly/Cd"),
                                                node.text("BkTxCd/Domn/Fmly/SubFmlyCd"))))
    else:
        line.bank_code = node.text("BkTxCd/Prtry/Cd")
    if node.find(_DETAILS) is None:
        line.free_text = node.text("AddtlNtryInf")[:500]
        return line
    _describe(line, node, _DETAILS + "/")
    return line


def _describe(line: Line, node: _Node, d: str) -> None:
    """Fill `line` from the transaction details found under the path `d` of `node`."""
    amount = line.amount
    if not line.entry_reference:
        line.entry_reference = node.text(d + "Refs/AcctSvcrRef")
    end_to_end = node.text(d + "Refs/EndToEndId")
    line.end_to_end_id = "" if end_to_end == "NOTPROVIDED" else end_to_end
    returned = node.find(d + "RtrInf")
    if returned is not None:
        line.return_kind = "return"
        line.return_code = node.text(d + "RtrInf/Rsn/Cd") or node.text(d + "RtrInf/Rsn/Prtry")
    # The other side: who paid us, or whom we paid; for a returned direct debit, the debtor.
    side = "Dbtr" if amount > 0 or returned is not None else "Cdtr"
    parties = d + "RltdPties/"
    line.counterparty_name = node.text(parties + side + "/Nm") or node.text(parties + side + "/Pty/Nm")
    line.counterparty_iban = compact(node.text(f"{parties}{side}Acct/Id/IBAN"))
    other_references = []
    for reference in node.findall(d + "RmtInf/Strd/CdtrRefInf/Ref"):
        digits = "".join(ch for ch in (reference.text or "") if ch.isdigit())
        if ogm_is_valid(digits) and not line.structured_reference:
            line.structured_reference = digits
        else:  # an RF creditor reference, or a mistyped communication: keep it for the accountant
            other_references.append(" ".join((reference.text or "").split()))
    unstructured = [" ".join((u.text or "").split()) for u in node.findall(d + "RmtInf/Ustrd")]
    line.free_text = " ".join(filter(None, [*other_references, *unstructured]))[:500]


def _entry_lines(node: _Node, cut: int) -> list[Line]:
    """The lines of a booked entry: one, or one per transaction of a batch booking whose amounts
    add up to the entry's."""
    entry = _line(node)
    if not entry.free_text:
        entry.free_text = node.text("AddtlNtryInf")[:500]
    transactions = node.findall(_DETAILS)
    if len(transactions) < 2:
        return [entry]
    sign = 1 if entry.amount >= 0 else -1
    lines = []
    for number, element in enumerate(transactions, start=1):
        tx = _Node(element, cut, _TX_PARTS)
        prefix = "" if tx.find("Amt") is not None else "AmtDtls/TxAmt/"
        if tx.find(prefix + "Amt") is None:
            return [entry]
        if tx.find(prefix + "CdtDbtInd") is None:  # the direction: the transaction's, else the entry's
            tx.paths[prefix + "CdtDbtInd"] = tx.findall("CdtDbtInd") or node.findall("CdtDbtInd")
        line = Line(booking_date=entry.booking_date, value_date=entry.value_date,
                    amount=_amount(tx, prefix, AMOUNT), bank_code=entry.bank_code,
                    position=element.sourceline or entry.position)
        _describe(line, tx, "")
        # The transaction's own bank reference, else the entry's told apart by the transaction's number.
        if not tx.text("Refs/AcctSvcrRef") and entry.entry_reference:
            line.entry_reference = f"{entry.entry_reference}/{number:04d}"
        lines.append(line)
    # Transactions that do not add up, or go the other way, leave the entry as one line.
    if sum((line.amount for line in lines), Decimal(0)) != entry.amount or any(
            line.amount * sign < 0 for line in lines):
        return [entry]
    return lines


def _statement(node: _Node, lines: list[Line]) -> Statement:
    element = node.element
    iban = compact(node.text("Acct/Id/IBAN"))
    if not iban:
        _fail(element, _("the statement has no account IBAN."))
    opening = closing = None
    cut = len(etree.QName(element).namespace or "") + 2
    for balance in node.findall("Bal"):
        balance_node = _Node(balance, cut)
        code = balance_node.text("Tp/CdOrPrtry/Cd")
        if code in OPENING_CODES and opening is None:
            opening = balance_node
        elif code in CLOSING_CODES:
            closing = balance_node
    if opening is None or closing is None:
        _fail(element, _("the statement needs an opening balance (OPBD) and a closing balance (CLBD)."))
    statement = Statement(
        account_iban=iban,
        number=node.text("LglSeqNb") or node.text("ElctrncSeqNb") or node.text("Id"),
        opening_balance=_amount(opening, "", _("opening balance")),
        opening_date=_date(opening, "Dt", _("opening balance date")),
        closing_balance=_amount(closing, "", _("closing balance")),
        closing_date=_date(closing, "Dt", _("closing balance date")),
        position=element.sourceline or 0,
        lines=lines,
    )
    total = statement.opening_balance + sum((line.amount for line in lines), Decimal(0))
    if total != statement.closing_balance:
        _fail(closing.element, _("the opening balance plus the entries (%(computed)s) is not the closing balance "
                         "(%(closing)s): the file may be truncated.")
              % {"computed": total, "closing": statement.closing_balance})
    return statement


def _refuse_dtd() -> StatementError:
    return StatementError(_("The file declares a DTD or entities, which a bank statement never does: "
                            "it is refused for safety."), line=1)


def parse(content: bytes) -> list[Statement]:
    # A DTD can only come before the first element; refusing any declaration is what defusedxml
    # does (forbid_dtd, forbid_entities), and the parser below would not use one anyway.
    if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
        raise _refuse_dtd()
    events = etree.iterparse(  # nosec B320 - no DTD, no entity, no network (see above)
        io.BytesIO(content), events=("start", "end"), tag=("{*}Document", "{*}Stmt", "{*}Ntry"),
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
        remove_pis=True)
    statements: list[Statement] = []
    lines: list[Line] = []
    cut = 0
    checked = False
    try:
        for event, element in events:
            if not checked:
                tree = element.getroottree()
                if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
                    raise _refuse_dtd()
                root = tree.getroot()
                namespace = etree.QName(root).namespace or ""
                if etree.QName(root).localname != "Document" or not NAMESPACE.match(namespace):
                    _fail(root, _("this XML is not a camt.053 statement (versions 001.02 to 001.08)."))
                cut = len(namespace) + 2
                checked = True
            local = element.tag[cut:]
            if event == "start":
                if local == "Stmt":
                    lines = []
                continue
            if local == "Ntry":
                node = _Node(element, cut, _ENTRY_PARTS)
                status = node.text("Sts") or node.text("Sts/Cd")
                if status == "BOOK":  # pending or informative entries are not on the balance
                    lines.extend(_entry_lines(node, cut))
                element.getparent().remove(element)
            elif local == "Stmt" and etree.QName(element.getparent()).localname == "BkToCstmrStmt":
                statements.append(_statement(_Node(element, cut), lines))
                lines = []
                element.clear()
        root = events.root
    except etree.XMLSyntaxError as exc:
        line = (exc.position or (1, 0))[0] if hasattr(exc, "position") else getattr(exc, "lineno", 1)
        raise StatementError(_("the XML is not well formed (%(detail)s).") % {"detail": exc.msg},
                             line=line or 1) from None
    if not checked:
        root = events.root
        if root is None:
            raise StatementError(_("The file is empty."), line=1)
        _fail(root, _("this XML is not a camt.053 statement (versions 001.02 to 001.08)."))
    if not statements:
        _fail(root, _("the file holds no statement."))
    return statements
