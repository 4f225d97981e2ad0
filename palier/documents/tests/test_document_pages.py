"""My documents on the portal: the list, the download with its access check and safe headers,
asking for a free receipt, and the choice of receipts by email."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.documents.models import Document, DocumentKind
from palier.documents.services import store_document
from palier.rent.payment_models import ReceiptConsent
from palier.rent.tests.rentdocs_helpers import charge, pay

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% test\n"


@pytest.fixture
def aminas_notice(tenancy, tenant_person):
    return store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                          title="Avis d'échéance décembre 2026", content=PDF, language="fr")


def test_the_list_shows_the_household_documents(client, tenant, aminas_notice):
    client.force_login(tenant)
    page = client.get(reverse("portal:documents")).content.decode()
    assert "Mes documents" in page
    assert "Avis d&#x27;échéance décembre 2026" in page
    assert reverse("portal:document-download", kwargs={"pk": aminas_notice.pk}) in page


def test_a_long_list_goes_page_by_page_newest_first(client, tenant, tenancy):
    for month in range(1, 23):
        store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                       title=f"Avis n° {month}", content=PDF, language="fr")
    client.force_login(tenant)
    first = client.get(reverse("portal:documents")).content.decode()
    assert "Page 1 sur 2" in first and 'href="?page=2" rel="next">Plus anciens' in first
    assert "Avis n° 22" in first and "Avis n° 2 (PDF)" not in first
    second = client.get(reverse("portal:documents"), {"page": 2}).content.decode()
    assert "Avis n° 2 (PDF)" in second and 'rel="prev">Plus récents' in second


def test_a_document_opens_as_a_pdf_that_cannot_run_anything(client, cotenant, aminas_notice):
    client.force_login(cotenant)
    response = client.get(reverse("portal:document-download", kwargs={"pk": aminas_notice.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="documents.downloaded").count() == 1


def test_a_neighbour_gets_a_404_for_aminas_document(client, neighbour, aminas_notice):
    client.force_login(neighbour)
    assert client.get(reverse("portal:document-download", kwargs={"pk": aminas_notice.pk})).status_code == 404
    assert "Avis" not in client.get(reverse("portal:documents")).content.decode()


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_a_tenant_asks_for_a_free_receipt_and_finds_it_in_her_documents(client, tenant, tenancy, tenant_person,
                                                                        landlord):
    charge(dt.date(2026, 10, 1))
    charge(dt.date(2026, 11, 1))
    pay(tenancy, "535.50", dt.date(2026, 10, 3))
    client.force_login(tenant)
    page = client.get(reverse("portal:receipt-request")).content.decode()
    assert "Octobre 2026" in page
    response = client.post(reverse("portal:receipt-request"), {"period": "2026-10"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:documents")
    assert "Quittance de loyer octobre 2026" in response.content.decode()
    assert Document.objects.get().kind == DocumentKind.QUITTANCE


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_asking_a_receipt_for_an_unpaid_month_says_so(client, tenant, tenancy, tenant_person, landlord):
    charge(dt.date(2026, 11, 1))
    client.force_login(tenant)
    page = client.post(reverse("portal:receipt-request"), {"period": "2026-11"}).content.decode()
    assert "Nous n&#x27;avons pas encore reçu de paiement pour ce mois." in page
    assert not Document.objects.exists()


def test_a_tenant_says_yes_to_receipts_by_email(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    response = client.post(reverse("portal:receipt-consent"), {"by_email": "yes"})
    assert response.status_code == 302
    assert ReceiptConsent.objects.get(person=tenant_person).by_email


def test_without_an_email_address_the_answer_yes_is_refused(client, cotenant, cotenant_person, tenancy):
    client.force_login(cotenant)
    page = client.post(reverse("portal:receipt-consent"), {"by_email": "yes"}).content.decode()
    assert "We hebben geen e-mailadres van u." in page  # Youssef reads Dutch
    assert not ReceiptConsent.objects.exists()


def test_the_documents_list_uses_a_constant_number_of_queries(client, tenant, tenancy, django_assert_max_num_queries):
    for n in range(30):
        store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.LETTER,
                       title=f"Lettre {n}", content=PDF, language="fr")
    client.force_login(tenant)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("portal:documents")).status_code == 200


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_a_tenant_gets_her_yearly_statement_from_her_documents(client, tenant, tenancy, tenant_person, landlord):
    charge(dt.date(2026, 11, 1))
    client.force_login(tenant)
    page = client.get(reverse("portal:documents")).content.decode()
    assert "Décompte 2026" in page
    response = client.post(reverse("portal:statement-request"), {"year": "2026"}, follow=True)
    assert "Décompte annuel 2026" in response.content.decode()
    assert Document.objects.get().kind == DocumentKind.YEARLY_STATEMENT


def test_a_year_not_offered_makes_no_statement(client, tenant, tenancy):
    client.force_login(tenant)
    client.post(reverse("portal:statement-request"), {"year": "1990"})
    assert not Document.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False)
def test_a_tenant_gets_the_rent_notice_of_the_month_on_demand(client, tenant, tenancy, tenant_person, landlord):
    charge(dt.date(2026, 11, 1))
    client.force_login(tenant)
    assert "Avis d'échéance de novembre 2026" in client.get(reverse("portal:documents")).content.decode()
    client.post(reverse("portal:notice-request"))
    client.post(reverse("portal:notice-request"))
    notice = Document.objects.get()
    assert notice.kind == DocumentKind.RENT_NOTICE
    assert notice.period == dt.date(2026, 11, 1)
