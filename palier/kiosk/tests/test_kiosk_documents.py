"""My documents at the kiosk: the household's documents only, printed as a page (never a file),
or sent to the tenant's own channels; a helper needs the "documents" scope."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.documents.models import DocumentKind
from palier.documents.services import store_document
from palier.mandates import services as mandates
from palier.notifications.models import Message
from palier.rent.services import charge_rent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
NOVEMBER = dt.date(2026, 11, 1)
PDF = b"%PDF-1.7\n% kiosk test\n"


@pytest.fixture(autouse=True)
def _november(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


def stored(tenancy, kind, title, key, period=NOVEMBER):
    return store_document(acting=Acting.system(), household=tenancy.household, kind=kind, title=title, content=PDF,
                          language="fr", period=period, key=key)


@pytest.fixture
def notice(tenancy, tenant_person, landlord):
    charge_rent(acting=Acting.system(), period=NOVEMBER)
    return stored(tenancy, DocumentKind.RENT_NOTICE, "Avis d'échéance novembre 2026", f"rent_notice:{tenancy.pk}:2026-11")


@pytest.fixture
def neighbours(neighbour_tenancy, neighbour_person):
    return stored(neighbour_tenancy, DocumentKind.RENT_NOTICE, "Huurbericht van Jan",
                  f"rent_notice:{neighbour_tenancy.pk}:2026-11")


def kiosk_sign_in(kiosk_client, tenancy):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    assert kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})["Location"] == reverse("kiosk:tenant-home")
    return kiosk_client


def test_the_home_leads_to_my_documents_which_lists_the_household_s_only(kiosk_client, tenancy, tenant, notice,
                                                                          neighbours):
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    assert reverse("kiosk:documents") in text(kiosk.get(reverse("kiosk:tenant-home")))
    response = kiosk.get(reverse("kiosk:documents"))
    page = text(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Mes documents" in page
    assert "Avis d'échéance novembre 2026" in page
    assert reverse("kiosk:document-print", kwargs={"pk": notice.pk}) in page
    assert reverse("kiosk:document-send", kwargs={"pk": notice.pk}) in page
    assert "Huurbericht van Jan" not in page
    assert "download" not in page and ".pdf" not in page.lower()


def test_the_print_page_shows_the_notice_as_html_and_is_audited(kiosk_client, tenancy, tenant, notice):
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    response = kiosk.get(reverse("kiosk:document-print", kwargs={"pk": notice.pk}))
    page = text(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert "no-store" in response["Cache-Control"]
    assert "Avis d'échéance — novembre 2026" in page
    assert tenancy.payment_reference in page
    assert "kiosk/rent-print.css" in page and "kiosk/print.js" in page
    assert AuditEvent.objects.filter(action="documents.downloaded", target_id=str(notice.pk)).exists()


def test_a_receipt_prints_with_what_was_received(kiosk_client, tenancy, tenant, notice):
    receipt = stored(tenancy, DocumentKind.PAYMENT_RECEIPT, "Reçu de paiement novembre 2026",
                     f"payment_receipt:{tenancy.pk}:2026-11:10000")
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    page = text(kiosk.get(reverse("kiosk:document-print", kwargs={"pk": receipt.pk})))
    assert "100,00 €" in page
    assert "Reçu de paiement — novembre 2026" in page


def test_a_document_without_a_page_form_can_only_be_sent(kiosk_client, tenancy, tenant, notice):
    letter = stored(tenancy, DocumentKind.LETTER, "Courrier de l'agence", None, period=None)
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    page = text(kiosk.get(reverse("kiosk:documents")))
    assert reverse("kiosk:document-send", kwargs={"pk": letter.pk}) in page
    assert reverse("kiosk:document-print", kwargs={"pk": letter.pk}) not in page
    assert kiosk.get(reverse("kiosk:document-print", kwargs={"pk": letter.pk}))["Location"] == reverse(
        "kiosk:documents")


def test_send_it_to_me_queues_a_message_to_the_tenant_once_a_day(kiosk_client, tenancy, tenant, tenant_person,
                                                                   notice):
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    url = reverse("kiosk:document-send", kwargs={"pk": notice.pk})
    assert kiosk.get(url).status_code == 405
    response = kiosk.post(url)
    assert response["Location"] == reverse("kiosk:documents")
    sent = Message.objects.filter(person=tenant_person, topic=f"document:{notice.pk}")
    assert sent.exists()
    count = sent.count()
    assert "Nous vous l" in text(kiosk.get(reverse("kiosk:documents")))
    kiosk.post(url)
    assert sent.count() == count
    assert AuditEvent.objects.filter(action="documents.sent_to_self", target_id=str(notice.pk)).count() == 2


def test_a_neighbour_s_document_is_a_404(kiosk_client, tenancy, tenant, notice, neighbours):
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    assert kiosk.get(reverse("kiosk:document-print", kwargs={"pk": neighbours.pk})).status_code == 404
    assert kiosk.post(reverse("kiosk:document-send", kwargs={"pk": neighbours.pk})).status_code == 404
    assert not Message.objects.filter(topic=f"document:{neighbours.pk}").exists()


def helper_acting(kiosk_client, helper, tenant_person):
    device = TOTPDevice.objects.create(user=helper, name="authenticator", confirmed=True)
    kiosk_client.post(reverse("kiosk:helper-sign-in"), {"identifier": helper.email, "password": t.PASSWORD})
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    kiosk_client.post(reverse("kiosk:helper-code"), {"code": code})
    kiosk_client.post(reverse("kiosk:helper-act-for"), {"person": tenant_person.pk})
    return kiosk_client


def test_a_helper_without_the_documents_scope_gets_a_404(kiosk_client, tenant, tenant_person, helper, notice):
    mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                           scopes=["rent"], duration="month")
    kiosk = helper_acting(kiosk_client, helper, tenant_person)
    assert kiosk.get(reverse("kiosk:rent")).status_code == 200
    assert reverse("kiosk:documents") not in text(kiosk.get(reverse("kiosk:helper-home")))
    assert kiosk.get(reverse("kiosk:documents")).status_code == 404
    assert kiosk.get(reverse("kiosk:document-print", kwargs={"pk": notice.pk})).status_code == 404
    assert kiosk.post(reverse("kiosk:document-send", kwargs={"pk": notice.pk})).status_code == 404


def test_a_helper_with_the_documents_scope_sees_and_sends_them(kiosk_client, tenant, tenant_person, helper, notice,
                                                                neighbours):
    mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                           scopes=["documents"], duration="month")
    kiosk = helper_acting(kiosk_client, helper, tenant_person)
    assert reverse("kiosk:documents") in text(kiosk.get(reverse("kiosk:helper-home")))
    page = text(kiosk.get(reverse("kiosk:documents")))
    assert "Avis d'échéance novembre 2026" in page and "Huurbericht van Jan" not in page
    assert kiosk.get(reverse("kiosk:document-print", kwargs={"pk": notice.pk})).status_code == 200
    assert kiosk.get(reverse("kiosk:document-print", kwargs={"pk": neighbours.pk})).status_code == 404
    kiosk.post(reverse("kiosk:document-send", kwargs={"pk": notice.pk}))
    assert Message.objects.filter(person=tenant_person, topic=f"document:{notice.pk}").exists()


def test_a_long_list_is_paginated_newest_first(kiosk_client, tenancy, tenant, notice):
    for number in range(12):
        stored(tenancy, DocumentKind.LETTER, f"Courrier {number:02d}", None, period=None)
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    first = text(kiosk.get(reverse("kiosk:documents")))
    assert "Courrier 11" in first and "Courrier 00" not in first
    assert "Page 1 sur 2" in first and "?page=2" in first
    second = text(kiosk.get(reverse("kiosk:documents") + "?page=2"))
    assert "Courrier 00" in second and "Avis d'échéance novembre 2026" in second
