"""Paying online from the portal and from the kiosk's QR code, as a tenant would: the amount page,
the sandbox checkout, the page that says what happened."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from palier import testing as t
from palier.rent.models import LedgerEntry
from palier.rent.payment_models import OnlinePayment
from palier.rent.payments.links import SALT, pay_link_token

from .rentdocs_helpers import charge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """The PDFs these tests store go to a folder removed after the run, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def text(response) -> str:
    """The page as a reader sees it: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def owing(tenancy, tenant_person, landlord):
    """Amina owes November: 535,50 €."""
    charge(dt.date(2026, 11, 1))
    return tenancy


def test_the_rent_page_offers_to_pay_online_and_leads_to_the_documents(client, tenant, owing):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Payer 535,50 € en ligne" in page
    assert reverse("portal:pay") in page
    assert reverse("portal:documents") in page
    assert "Demander une quittance de loyer (gratuit)" in page


def test_a_tenant_pays_what_she_owes_through_the_sandbox(client, tenant, owing):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:pay")))
    assert "Combien voulez-vous payer ?" in page
    assert "Ce que je dois : 535,50 €" in page
    assert "TEST — pas de vrai argent." in page
    to_checkout = client.post(reverse("portal:pay"), {"choice": "due"})
    payment = OnlinePayment.objects.get()
    assert to_checkout["Location"] == payment.checkout_url
    back = client.post(payment.checkout_url, {"outcome": "pay"})
    done = text(client.get(back["Location"]))
    assert "Merci, votre paiement est reçu" in done
    assert "Nous avons reçu 535,50 €." in done
    assert LedgerEntry.objects.filter(tenancy=owing).balance() == Decimal("0.00")


def test_a_tenant_may_choose_another_amount(client, tenant, owing):
    client.force_login(tenant)
    client.post(reverse("portal:pay"), {"choice": "other", "other": "100,50"})
    assert OnlinePayment.objects.get().amount == Decimal("100.50")


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Indiquez le montant que vous voulez payer."),
    ("-5", "Le montant doit être supérieur à zéro."),
    ("12,345", "Le montant peut avoir au maximum deux décimales."),
])
def test_a_wrong_amount_is_said_in_words_and_nothing_starts(client, tenant, owing, typed, message):
    client.force_login(tenant)
    page = text(client.post(reverse("portal:pay"), {"choice": "other", "other": typed}))
    assert message in page
    assert "Il y a un problème" in page
    assert not OnlinePayment.objects.exists()


def test_a_cancelled_payment_says_nothing_was_taken(client, tenant, owing):
    client.force_login(tenant)
    client.post(reverse("portal:pay"), {"choice": "due"})
    payment = OnlinePayment.objects.get()
    back = client.post(payment.checkout_url, {"outcome": "cancel"})
    page = text(client.get(back["Location"]))
    assert "Le paiement n'a pas abouti" in page
    assert "Rien n'a été pris sur votre compte." in page


def test_a_neighbour_cannot_open_aminas_payment(client, tenant, neighbour, owing):
    client.force_login(tenant)
    client.post(reverse("portal:pay"), {"choice": "due"})
    payment = OnlinePayment.objects.get()
    client.force_login(neighbour)
    assert client.get(reverse("portal:pay-return", kwargs={"public_id": payment.public_id})).status_code == 404


def test_the_kiosk_link_lets_the_phone_pay_without_signing_in(owing, tenant_person):
    phone = Client()
    url = reverse("portal:pay-link", kwargs={"token": pay_link_token(tenancy_id=owing.pk, person_id=tenant_person.pk)})
    page = text(phone.get(url))
    assert "Vous payez 535,50 € à Foyer Bruxellois Démo." in page
    assert "Amina" not in page and "Tilleuls" not in page  # no name, no address on an unsigned page
    checkout = phone.post(url)["Location"]
    back = phone.post(checkout, {"outcome": "pay"})
    assert "Merci, votre paiement est reçu" in text(phone.get(back["Location"]))
    assert OnlinePayment.objects.get().channel == "web"


def test_a_forged_or_old_kiosk_link_is_a_404(owing, tenant_person):
    forged = signing.dumps({"t": owing.pk, "p": None}, salt="another-salt")
    assert Client().get(reverse("portal:pay-link", kwargs={"token": forged})).status_code == 404
    token = pay_link_token(tenancy_id=owing.pk, person_id=tenant_person.pk)
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert Client().get(reverse("portal:pay-link", kwargs={"token": token})).status_code == 404
    assert signing.loads(token, salt=SALT)["t"] == owing.pk


# --- the kiosk ------------------------------------------------------------------------------


def kiosk_sign_in(kiosk_client, tenancy):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    response = kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    assert response["Location"] == reverse("kiosk:tenant-home")
    return kiosk_client


def test_the_kiosk_shows_the_balance_the_history_and_a_qr_code_to_pay_on_the_phone(kiosk_client, owing, tenant):
    kiosk = kiosk_sign_in(kiosk_client, owing)
    assert reverse("kiosk:rent") in text(kiosk.get(reverse("kiosk:tenant-home")))
    response = kiosk.get(reverse("kiosk:rent"))
    page = text(response)
    assert "Vous devez 535,50 €." in page
    assert "Payer avec votre téléphone" in page
    assert re.search(r'<img class="kiosk-pay__qr" src="data:image/svg\+xml', page)
    assert "Ne tapez jamais votre carte bancaire ici." in page
    assert "<input" not in page.split("<main")[1].split("</main>")[0]  # nothing to type a card into
    assert "no-store" in response["Cache-Control"]


def test_the_kiosk_prints_the_rent_notice_as_a_page_not_a_file(kiosk_client, owing, tenant):
    kiosk = kiosk_sign_in(kiosk_client, owing)
    response = kiosk.get(reverse("kiosk:rent-notice"))
    page = text(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert "no-store" in response["Cache-Control"]
    assert "Avis d'échéance — novembre 2026" in page
    assert owing.payment_reference in page
    assert "BE71 0961 2345 6769" in page
    assert "kiosk/rent-print.css" in page
