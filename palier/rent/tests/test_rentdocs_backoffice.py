"""Rent documents on the tenant's file in the back office, and receipts reaching a tenant through
the channels they chose (inbox, paper; email only with their consent)."""

import datetime as dt
from html import escape

import pytest
import time_machine
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.documents.models import Document, DocumentKind
from palier.notifications.models import Message
from palier.rent import notices
from palier.rent.payments.consent import set_receipt_consent

from .rentdocs_helpers import charge, pay

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media_and_time(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def url(name, tenancy, document=None):
    kwargs = {"pk": tenancy.pk} if document is None else {"pk": tenancy.pk, "doc_pk": document.pk}
    return reverse(f"backoffice:{name}", kwargs=kwargs)


# --- receipts through the tenant's channels ----------------------------------------------------


def test_without_email_consent_the_receipt_goes_to_the_inbox_and_on_paper_never_by_email(
        tenancy, tenant_person, landlord):
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    document = notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    sent = Message.objects.filter(person=tenant_person, topic=f"document:{document.pk}")
    assert sorted(sent.values_list("channel", flat=True)) == ["letter", "portal"]
    assert not Message.objects.filter(channel="email").exists()
    letter = sent.get(channel="letter")
    assert "535,50 €" in plain(letter.body) and "entièrement payé" in letter.body
    inbox = sent.get(channel="portal")
    assert f"/documents/{document.pk}/" in inbox.body


def test_a_tenant_who_reads_only_paper_gets_a_letter(tenancy, tenant_person, landlord):
    tenant_person.by_portal = False
    tenant_person.save()
    charge(NOVEMBER)
    pay(tenancy, "200.00", dt.date(2026, 11, 3))
    document = notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    assert document.kind == DocumentKind.PAYMENT_RECEIPT
    letter = Message.objects.get(person=tenant_person)
    assert letter.channel == "letter"
    assert "200,00 €" in plain(letter.body) and "335,50 €" in plain(letter.body)


def test_a_tenant_who_chose_email_only_but_gave_no_consent_gets_paper(tenancy, tenant_person, landlord):
    tenant_person.by_portal = tenant_person.by_post = False
    tenant_person.save()
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    assert list(Message.objects.values_list("channel", flat=True)) == ["letter"]


def test_with_consent_the_receipt_is_emailed_too(tenancy, tenant_person, tenant, landlord):
    set_receipt_consent(acting=Acting(user=tenant), person=tenant_person, by_email=True)
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    assert sorted(Message.objects.values_list("channel", flat=True)) == ["email", "letter", "portal"]
    # Asking again gives the same document and sends nothing new.
    notices.issue_receipt(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER, person=tenant_person)
    assert Message.objects.count() == 3


# --- the back office ---------------------------------------------------------------------------


def test_the_tenant_file_links_to_the_rent_documents(client, agent, tenancy, tenant_person):
    client.force_login(agent)
    page = client.get(reverse("backoffice:tenant-detail", kwargs={"pk": tenancy.pk})).content.decode()
    assert url("tenant-rent-documents", tenancy) in page


def test_the_agent_makes_a_notice_a_receipt_and_a_statement_and_opens_them(client, agent, tenancy, tenant_person,
                                                                          landlord):
    charge(NOVEMBER)
    pay(tenancy, "535.50", dt.date(2026, 11, 3))
    client.force_login(agent)
    page = client.get(url("tenant-rent-documents", tenancy)).content.decode()
    assert "Aucun document de loyer" in page
    for what, field, value in (("notice", "notice-month", "2026-11"), ("receipt", "receipt-month", "2026-11"),
                               ("statement", "statement-year", "2026")):
        response = client.post(url("tenant-rent-documents", tenancy), {"what": what, field: value})
        assert response.status_code == 302, response.content.decode()[:3000]
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert kinds == {DocumentKind.RENT_NOTICE, DocumentKind.QUITTANCE, DocumentKind.YEARLY_STATEMENT}
    page = client.get(url("tenant-rent-documents", tenancy)).content.decode()
    for document in Document.objects.all():
        assert escape(document.title) in page
        response = client.get(url("tenant-rent-document", tenancy, document) + "?download=1")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="documents.downloaded", actor=agent).count() == 3


def test_a_receipt_for_an_unpaid_month_is_refused_with_the_reason(client, accountant, tenancy, tenant_person,
                                                                   landlord):
    charge(NOVEMBER)
    client.force_login(accountant)
    response = client.post(url("tenant-rent-documents", tenancy), {"what": "receipt", "receipt-month": "2026-11"})
    assert response.status_code == 200
    assert "pas encore reçu de paiement" in response.content.decode()
    assert not Document.objects.exists()


def test_sending_again_uses_the_tenants_channels_and_is_audited(client, accountant, tenancy, tenant_person,
                                                                 landlord):
    charge(NOVEMBER)
    document = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    client.force_login(accountant)
    response = client.post(url("tenant-rent-document-send", tenancy, document))
    assert response.status_code == 302
    sent = Message.objects.filter(topic=f"document:{document.pk}")
    assert sorted(sent.values_list("channel", flat=True)) == ["letter", "portal"]
    assert "IBAN" in sent.get(channel="letter").body or "+++" in sent.get(channel="letter").body
    assert AuditEvent.objects.filter(action="rent.document_resent", actor=accountant).exists()
    client.post(url("tenant-rent-document-send", tenancy, document))
    assert sent.count() == 4  # each sending is a new message


def test_another_agency_or_another_tenancys_document_is_not_found(client, agent, other_agent, tenancy, tenant_person,
                                                                  neighbour_tenancy, landlord):
    charge(NOVEMBER)
    mine = notices.issue_rent_notice(acting=Acting.system(), tenancy=tenancy, period=NOVEMBER)
    theirs = notices.issue_rent_notice(acting=Acting.system(), tenancy=neighbour_tenancy, period=NOVEMBER)
    client.force_login(agent)
    assert client.get(url("tenant-rent-document", tenancy, theirs)).status_code == 404
    assert client.post(url("tenant-rent-document-send", tenancy, theirs)).status_code == 404
    client.force_login(other_agent)
    assert client.get(url("tenant-rent-documents", tenancy)).status_code == 404
    assert client.get(url("tenant-rent-document", tenancy, mine)).status_code == 404
