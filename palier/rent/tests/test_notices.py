"""Rent notices, quittances, payment receipts and yearly statements: tagged PDFs in the tenant's
language, kept once in the household's vault."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.documents.models import Document, DocumentKind
from palier.notifications.models import Message
from palier.rent import notices
from palier.rent.payments.consent import set_receipt_consent
from palier.testing import pdf_objects

from .rentdocs_helpers import charge, document_text, pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """The PDFs these tests store go to a folder removed after the run, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path

NOVEMBER = dt.date(2026, 11, 1)
DECEMBER = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_rent_notice_shows_rent_and_charges_apart_with_the_due_date_the_iban_and_the_reference(
        tenancy, tenant_person, landlord):
    charge(DECEMBER)
    document = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=DECEMBER)
    text = document_text(document)
    assert "Avis d'échéance" in text or "Avis d’échéance" in text
    assert re.search(r"Loyer\s+450,50\s€", text)
    assert re.search(r"Charges\s+85,00\s€", text)
    assert "535,50 €" in text
    assert "1 décembre 2026" in text
    assert "BE71 0961 2345 6769" in text
    assert tenancy.payment_reference in text
    assert "Amina Benali" in text
    assert document.kind == DocumentKind.RENT_NOTICE
    assert document.household_id == tenancy.household_id


def test_a_rent_notice_is_a_tagged_pdf_with_a_qr_code_for_the_banking_app(tenancy, tenant_person, landlord):
    charge(DECEMBER)
    document = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=DECEMBER)
    with document.file.open("rb") as handle:
        objects = pdf_objects(handle.read())
    assert b"/StructTreeRoot" in objects
    assert b"/Lang (fr)" in objects
    assert b"/Subtype /Image" in objects


def test_a_rent_notice_is_written_in_the_tenants_language(tenancy, tenant_person, landlord):
    tenant_person.language = "nl"
    tenant_person.save()
    charge(DECEMBER)
    document = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=DECEMBER)
    text = document_text(document)
    assert "december 2026" in text
    assert "Huur" in text
    assert document.language == "nl"


def test_a_rent_notice_is_kept_once_per_tenancy_and_month(tenancy, tenant_person, landlord):
    charge(DECEMBER)
    first = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=DECEMBER)
    again = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=dt.date(2026, 12, 15))
    assert again.pk == first.pk
    assert Document.objects.filter(kind=DocumentKind.RENT_NOTICE).count() == 1
    assert AuditEvent.objects.filter(action="rent.notice_issued").count() == 1


def test_the_file_name_in_storage_says_nothing_of_the_tenant(tenancy, tenant_person, landlord):
    charge(DECEMBER)
    document = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=DECEMBER)
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)


def test_the_notices_of_a_month_are_made_for_every_charged_tenancy_and_only_once(
        tenancy, tenant_person, neighbour_tenancy, neighbour_person, landlord):
    charge(DECEMBER)
    assert notices.issue_rent_notices(acting=Acting.system(), period=DECEMBER) == 2
    assert notices.issue_rent_notices(acting=Acting.system(), period=DECEMBER) == 0
    assert Document.objects.filter(kind=DocumentKind.RENT_NOTICE, period=DECEMBER).count() == 2


def test_the_charge_run_queues_the_notices_of_the_month_once_committed(
        tenancy, tenant_person, landlord, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        charge(DECEMBER)
    notice = Document.objects.get(kind=DocumentKind.RENT_NOTICE)
    assert notice.period == DECEMBER
    assert "535,50 €" in document_text(notice)


def test_a_charge_run_for_a_month_long_gone_makes_no_notice(tenancy, tenant_person, landlord,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        charge(dt.date(2026, 9, 1))
    assert not Document.objects.exists()


def test_a_fully_paid_month_gets_a_quittance_with_rent_and_charges_apart(tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    document = notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    text = document_text(document)
    assert document.kind == DocumentKind.QUITTANCE
    assert "Quittance de loyer" in text
    assert re.search(r"Loyer\s+450,50\s€", text)
    assert re.search(r"Charges\s+85,00\s€", text)
    assert "payé intégralement" in text


def test_a_partly_paid_month_gets_a_payment_receipt_never_a_quittance(tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    pay(tenancy, "200.00", dt.date(2026, 11, 3))
    document = notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    text = document_text(document)
    assert document.kind == DocumentKind.PAYMENT_RECEIPT
    assert "Reçu de paiement" in text
    assert "Quittance de loyer" not in text
    assert "200,00 €" in text
    assert "335,50 €" in text  # still to pay


def test_payments_settle_the_oldest_month_first(tenancy, tenant_person, landlord):
    charge(dt.date(2026, 10, 1))
    charge(NOVEMBER)
    pay(tenancy, "700.00", dt.date(2026, 11, 3))
    october = notices.month_account(tenancy, dt.date(2026, 10, 1))
    november = notices.month_account(tenancy, NOVEMBER)
    assert october.fully_paid
    assert november.partly_paid
    assert november.paid == Decimal("164.50")


def test_no_receipt_for_a_month_nothing_was_paid_for(tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    with pytest.raises(DomainError) as error:
        notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    assert error.value.field == "period"
    assert not Document.objects.exists()


def test_asking_twice_for_the_same_receipt_gives_the_same_document(tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    first = notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    assert notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER).pk == first.pk


def test_receipts_are_not_emailed_without_the_tenants_consent(tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    assert not Message.objects.filter(to=tenant_person.email).exists()


def test_receipts_are_emailed_to_a_tenant_who_said_yes(tenancy, tenant_person, tenant, landlord):
    set_receipt_consent(acting=Acting(user=tenant), person=tenant_person, by_email=True)
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    document = notices.issue_receipt(acting=Acting(user=tenant), tenancy=tenancy, period=NOVEMBER,
                                     person=tenant_person)
    message = Message.objects.get(to=tenant_person.email)
    assert message.channel == "email"
    assert document.title in message.subject
    assert f"/documents/{document.pk}/" in message.body


def test_saying_yes_to_emailed_receipts_needs_an_email_address(tenancy, cotenant_person, cotenant):
    with pytest.raises(DomainError):
        set_receipt_consent(acting=Acting(user=cotenant), person=cotenant_person, by_email=True)


def test_the_yearly_statement_shows_the_years_rent_charges_and_payments(tenancy, tenant_person, landlord):
    charge(dt.date(2026, 10, 1))
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 10, 3))
    document = notices.issue_yearly_statement(acting=Acting.system(), tenancy=tenancy, year=2026)
    text = document_text(document)
    assert document.kind == DocumentKind.YEARLY_STATEMENT
    assert "Décompte annuel 2026" in text or "2026" in document.title
    assert re.search(r"Loyer\s+901,00\s€", text)
    assert re.search(r"Charges\s+170,00\s€", text)
    assert "535,50 €" in text
