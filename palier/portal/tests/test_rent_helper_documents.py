"""A helper with the rent scope but not the documents one asks for a receipt, or sets the choice of
receipts by email: they land on the rent page (My documents is closed to them), and the rent page
does not offer them a link to My documents."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from palier.core.acting import Acting
from palier.documents.models import Document, DocumentKind
from palier.mandates import services as mandates
from palier.mandates.acting import SESSION_PERSON
from palier.rent.payment_models import ReceiptConsent
from palier.rent.tests.rentdocs_helpers import charge, pay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def october_paid(tenancy, tenant_person, landlord):
    charge(dt.date(2026, 10, 1))
    charge(dt.date(2026, 11, 1))
    pay(tenancy, "535.50", dt.date(2026, 10, 3))
    return tenancy


def acting_for_amina(client, helper, tenant_person, scopes):
    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=scopes, duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    return client


def test_a_helper_with_the_rent_scope_only_gets_the_receipt_and_lands_on_the_rent_page(
        client, helper, tenant_person, october_paid):
    acting_for_amina(client, helper, tenant_person, ["rent"])
    form = client.get(reverse("portal:receipt-request")).content.decode()
    assert f'href="{reverse("portal:rent")}">Retour' in form
    assert f'href="{reverse("portal:documents")}"' not in form
    response = client.post(reverse("portal:receipt-request"), {"period": "2026-10"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal:rent")
    page = response.content.decode()
    assert "Le document est prêt : Quittance de loyer octobre 2026. Amina Benali le trouve dans ses documents." in page
    assert Document.objects.get().kind == DocumentKind.QUITTANCE
    assert client.get(reverse("portal:documents")).status_code == 404  # still closed to them


def test_a_helper_with_the_rent_scope_only_saves_the_email_choice_and_lands_on_the_rent_page(
        client, helper, tenant_person, tenancy):
    acting_for_amina(client, helper, tenant_person, ["rent"])
    response = client.post(reverse("portal:receipt-consent"), {"by_email": "yes"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("portal:rent")
    assert "Votre choix est enregistré." in response.content.decode()
    assert ReceiptConsent.objects.get(person=tenant_person).by_email


def test_the_rent_page_links_to_my_documents_only_for_who_may_open_it(client, helper, tenant, tenant_person,
                                                                       tenancy):
    documents = f'href="{reverse("portal:documents")}"'
    client.force_login(tenant)
    assert documents in client.get(reverse("portal:rent")).content.decode()
    acting_for_amina(client, helper, tenant_person, ["rent"])
    page = client.get(reverse("portal:rent")).content.decode()
    assert documents not in page
    assert f'href="{reverse("portal:receipt-request")}"' in page


def test_a_helper_with_both_scopes_goes_back_to_my_documents(client, helper, tenant_person, october_paid):
    acting_for_amina(client, helper, tenant_person, ["rent", "documents"])
    response = client.post(reverse("portal:receipt-request"), {"period": "2026-10"})
    assert response["Location"] == reverse("portal:documents")
    assert f'href="{reverse("portal:documents")}"' in client.get(reverse("portal:rent")).content.decode()


def test_the_tenant_still_goes_back_to_my_documents(client, tenant, tenancy):
    client.force_login(tenant)
    response = client.post(reverse("portal:receipt-consent"), {"by_email": "no"})
    assert response["Location"] == reverse("portal:documents")
