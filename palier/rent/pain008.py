"""The pain.008 file of a direct debit batch (ISO 20022, SEPA Core), built with `sepaxml` and
checked against the XSD shipped with it, with lxml, before anyone can download it.

The message id is the batch reference, so the bank can tell two different batches apart and
refuse the same one sent twice; the file itself is kept on the batch (see export_batch).
"""

import os
from functools import lru_cache

import sepaxml
from django.utils.translation import gettext as _
from lxml import etree
from sepaxml import SepaDD

from palier.core.errors import DomainError
from palier.estates.models import Landlord

from .debit_models import DebitBatch, SequenceType

SCHEMA = "pain.008.001.02"


@lru_cache(maxsize=2)
def schema(name: str = SCHEMA) -> etree.XMLSchema:
    path = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", f"{name}.xsd")
    return etree.XMLSchema(etree.parse(path))


def validate(xml: bytes, name: str = SCHEMA) -> None:
    """Raise DomainError with the first schema error when `xml` does not follow the XSD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # Our own output, parsed with entities and network access off.
    document = etree.fromstring(xml, parser)  # noqa: S320  # nosec
    checker = schema(name)
    if not checker.validate(document):
        error = checker.error_log.last_error
        raise DomainError(_("The direct debit file is not valid: %(error)s") % {"error": error.message if error else ""})


def _cents(amount) -> int:
    return int((amount * 100).to_integral_value())


def build_pain008(batch: DebitBatch) -> bytes:
    """The pain.008.001.02 file of `batch`: one payment information block per sequence type
    (first, recurring), one transaction per debit. Raises DomainError when the landlord's
    account or creditor identifier is missing."""
    landlord = Landlord.current()
    iban = (landlord.iban or "").replace(" ", "").upper()
    bic = (landlord.bic or "").replace(" ", "").upper()
    creditor_id = (landlord.creditor_id or "").replace(" ", "")
    if not (iban and bic and creditor_id):
        raise DomainError(_("Fill in the landlord's IBAN, BIC and SEPA creditor identifier first."))
    sepa = SepaDD({
        "name": landlord.name, "IBAN": iban, "BIC": bic, "batch": True, "creditor_id": creditor_id,
        "currency": "EUR", "instrument": "CORE",
    }, schema=SCHEMA)
    # sepaxml makes a random message id; the batch reference lets the bank refuse a batch sent twice.
    sepa.msg_id = batch.reference
    sepa._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId").text = batch.reference
    for debit in batch.debits.select_related("mandate", "tenancy").order_by("pk"):
        mandate = debit.mandate
        payment = {
            "name": mandate.account_holder, "IBAN": mandate.iban, "amount": _cents(debit.amount),
            "type": sequence_type(debit), "collection_date": debit.due_on, "mandate_id": mandate.reference,
            "mandate_date": mandate.signed_on, "description": f"Loyer {debit.tenancy.number} {debit.due_on:%m/%Y}",
            "endtoend_id": debit.end_to_end_id,
        }
        if mandate.bic:
            payment["BIC"] = mandate.bic
        sepa.add_payment(payment)
    xml = _with_amendments(sepa.export(validate=False), batch)
    validate(xml)
    return xml


def moved_to_another_bank(mandate) -> bool:
    """Whether the mandate's account changed banks since the bank last heard of it (SMNDA)."""
    return bool(mandate.amended_from_iban) and _bank_of(mandate.amended_from_iban) != _bank_of(mandate.iban)


def sequence_type(debit) -> str:
    """The debit's sequence type in the file. After an SMNDA amendment the new debtor bank has
    never seen the mandate: its first debit there goes out as FRST. The rulebook has made FRST
    optional since 2016, but a first debit marked FRST is accepted under both the old and the new
    guidelines, and a bank applying the old ones refuses an SMNDA marked RCUR."""
    return SequenceType.FIRST if moved_to_another_bank(debit.mandate) else debit.sequence_type


def _bank_of(iban: str) -> tuple[str, str]:
    from schwifty import IBAN

    checked = IBAN(iban, allow_invalid=True)
    return checked.country_code, checked.bank_code


def _with_amendments(xml: bytes, batch: DebitBatch) -> bytes:
    """Mark the debits of amended mandates (AmdmntInd=true): with the original debtor account when
    the account stayed at the same bank, with SMNDA (same mandate, new debtor agent) when it moved
    to another bank."""
    amended = {d.end_to_end_id: d.mandate for d in batch.debits.select_related("mandate")
               if d.mandate.amended_from_iban}
    if not amended:
        return xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(xml, parser)  # noqa: S320  # nosec
    ns = document.nsmap.get(None, "")
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    for tx in document.iter(q("DrctDbtTxInf")):
        mandate = amended.get(tx.findtext(f"{q('PmtId')}/{q('EndToEndId')}"))
        if mandate is None:
            continue
        related = tx.find(f"{q('DrctDbtTx')}/{q('MndtRltdInf')}")
        signed = related.find(q("DtOfSgntr"))
        flag = etree.Element(q("AmdmntInd"))
        flag.text = "true"
        details = etree.Element(q("AmdmntInfDtls"))
        if not moved_to_another_bank(mandate):
            account = etree.SubElement(details, q("OrgnlDbtrAcct"))
            etree.SubElement(etree.SubElement(account, q("Id")), q("IBAN")).text = mandate.amended_from_iban
        else:
            agent = etree.SubElement(details, q("OrgnlDbtrAgt"))
            other = etree.SubElement(etree.SubElement(agent, q("FinInstnId")), q("Othr"))
            etree.SubElement(other, q("Id")).text = "SMNDA"
        signed.addnext(flag)
        flag.addnext(details)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")
