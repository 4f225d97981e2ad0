"""The pain.008 file: valid against the XSD, the same bytes every time, first and recurring debits."""

import datetime as dt

import pytest
import time_machine
from lxml import etree

from palier import testing as t
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.rent import direct_debit as debits
from palier.rent.debit_models import BatchState, SequenceType
from palier.rent.pain008 import schema, validate

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


@pytest.fixture
def batch(tenant, tenant_person, tenancy, neighbour, neighbour_person, neighbour_tenancy, accountant):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        debits.sign_mandate(acting=Acting(user=tenant), tenancy=tenancy, account_holder="Amina Benali",
                            iban="BE68539007547034", secret=t.PASSWORD, signatory=tenant_person)
        jan = debits.sign_mandate(acting=Acting(user=neighbour), tenancy=neighbour_tenancy,
                                  account_holder="Jan Peeters", iban="NL91ABNA0417164300", secret=t.PASSWORD,
                                  signatory=neighbour_person)
        # Jan's mandate was used before: his next debit is a recurring one.
        batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=dt.date(2026, 12, 1))
        batch.debits.filter(mandate=jan).update(sequence_type=SequenceType.RECURRING)
        yield batch


def test_the_file_is_valid_against_the_pain_008_schema(batch, accountant):
    xml = debits.export_batch(acting=Acting(user=accountant), batch=batch)
    document = etree.fromstring(xml)
    assert schema().validate(document), schema().error_log
    amounts = document.xpath("//p:DrctDbtTxInf/p:InstdAmt/text()", namespaces=NS)
    assert sorted(amounts) == ["535.50", "535.50"]
    assert document.xpath("//p:GrpHdr/p:MsgId/text()", namespaces=NS) == [batch.reference]
    assert document.xpath("//p:GrpHdr/p:CtrlSum/text()", namespaces=NS) == ["1071.00"]
    assert sorted(document.xpath("//p:SeqTp/text()", namespaces=NS)) == ["FRST", "RCUR"]
    assert document.xpath("//p:CdtrSchmeId//p:Othr/p:Id/text()", namespaces=NS) == ["BE69ZZZ0123456789"] * 2
    ids = document.xpath("//p:EndToEndId/text()", namespaces=NS)
    assert sorted(ids) == sorted(batch.debits.values_list("end_to_end_id", flat=True))
    assert "BE68539007547034" in xml.decode() and "NL91ABNA0417164300" in xml.decode()


def test_exporting_twice_gives_the_very_same_file(batch, accountant):
    first = debits.export_batch(acting=Acting(user=accountant), batch=batch)
    with time_machine.travel(dt.datetime(2026, 11, 21, 15, tzinfo=dt.UTC), tick=False):
        second = debits.export_batch(acting=Acting(user=accountant), batch=batch)
    assert first == second
    batch.refresh_from_db()
    assert batch.state == BatchState.EXPORTED


def test_the_schema_check_rejects_a_broken_file(batch, accountant):
    xml = debits.export_batch(acting=Acting(user=accountant), batch=batch)
    broken = xml.replace(b"<InstdAmt Ccy=\"EUR\">535.50</InstdAmt>", b"<InstdAmt Ccy=\"EUR\">lots</InstdAmt>", 1)
    assert broken != xml
    with pytest.raises(DomainError):
        validate(broken)


def test_without_the_landlord_bic_no_file_is_made(batch, accountant, landlord):
    landlord.bic = ""
    landlord.save()
    with pytest.raises(DomainError):
        debits.export_batch(acting=Acting(user=accountant), batch=batch)
    batch.refresh_from_db()
    assert batch.xml == ""


# --- SEPA amendment: a new account under the same mandate -------------------------------------------


def test_a_new_account_at_the_same_bank_is_an_amendment_with_the_original_account(batch, accountant, tenant,
                                                                                  tenant_person, tenancy):
    from palier.audit.models import AuditEvent
    from palier.rent.debit_models import Mandate

    mandate = Mandate.objects.get(tenancy=tenancy, state="active")
    reference = mandate.reference
    with pytest.raises(DomainError):
        debits.amend_mandate_iban(acting=Acting(user=tenant), mandate=mandate, iban="BE20539001234556",
                                  secret="wrong", person=tenant_person)
    amended = debits.amend_mandate_iban(acting=Acting(user=tenant), mandate=mandate, iban="BE20 5390 0123 4556",
                                        secret=t.PASSWORD, person=tenant_person)
    assert amended.reference == reference and Mandate.objects.filter(tenancy=tenancy).count() == 1
    assert AuditEvent.objects.filter(action="rent.mandate_amended").count() == 1
    xml = debits.export_batch(acting=Acting(user=accountant), batch=batch)
    document = etree.fromstring(xml)
    assert schema().validate(document), schema().error_log
    tx = document.xpath("//p:DrctDbtTxInf[p:DrctDbtTx/p:MndtRltdInf/p:MndtId/text()=$ref]", ref=reference,
                        namespaces=NS)[0]
    assert tx.xpath("p:DrctDbtTx/p:MndtRltdInf/p:AmdmntInd/text()", namespaces=NS) == ["true"]
    assert tx.xpath(".//p:OrgnlDbtrAcct/p:Id/p:IBAN/text()", namespaces=NS) == ["BE68539007547034"]
    assert tx.xpath("p:DbtrAcct/p:Id/p:IBAN/text()", namespaces=NS) == ["BE20539001234556"]
    # Told once: the next file carries no amendment.
    amended.refresh_from_db()
    assert amended.amended_from_iban == ""


def test_a_new_account_at_another_bank_is_an_smnda_amendment(batch, accountant, tenant, tenant_person, tenancy):
    from palier.rent.debit_models import Mandate

    mandate = Mandate.objects.get(tenancy=tenancy, state="active")
    # Amina's mandate was used before, at her old bank: her next debit would be a recurring one.
    batch.debits.filter(mandate=mandate).update(sequence_type=SequenceType.RECURRING)
    debits.amend_mandate_iban(acting=Acting(user=tenant), mandate=mandate, iban="BE71096123456769",
                              secret=t.PASSWORD, person=tenant_person)
    document = etree.fromstring(debits.export_batch(acting=Acting(user=accountant), batch=batch))
    assert schema().validate(document), schema().error_log
    assert document.xpath("//p:AmdmntInfDtls/p:OrgnlDbtrAgt/p:FinInstnId/p:Othr/p:Id/text()", namespaces=NS) == \
        ["SMNDA"]
    # Jan's debit, not amended, has no amendment indicator.
    assert len(document.xpath("//p:AmdmntInd", namespaces=NS)) == 1
    # The new bank has never seen the mandate: its first debit there goes out as FRST.
    block = document.xpath("//p:PmtInf[.//p:AmdmntInd]", namespaces=NS)[0]
    assert block.xpath("p:PmtTpInf/p:SeqTp/text()", namespaces=NS) == ["FRST"]
    assert mandate.debits.get(batch=batch).sequence_type == "FRST"
