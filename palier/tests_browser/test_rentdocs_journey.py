"""Rent in a real browser: paying online through the sandbox provider's test checkout, then
asking for a free receipt; at the kiosk, the balance, the QR code that opens the payment on the
tenant's own phone, and the rent notice to print. Each screen checked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.documents.models import Document, DocumentKind
from palier.rent.models import LedgerEntry
from palier.rent.payments.links import pay_link_token
from palier.rent.services import charge_rent, record_payment

from .helpers import check_page, copy_client_cookies, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """The PDFs these tests store go to a folder removed after the run, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path

KIOSK_SCREEN = {"width": 1080, "height": 1280}
PHONE = {"width": 360, "height": 740}


def last_month():
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def aminas_rent(tenancy, tenant_person, landlord):
    """Last month charged and paid by transfer; this month charged and owed (535,50 €)."""
    charge_rent(acting=Acting.system(), period=last_month())
    charge_rent(acting=Acting.system(), period=timezone.localdate())
    record_payment(acting=Acting.system(), tenancy=tenancy, amount="535.50", paid_on=last_month().replace(day=3),
                   channel="transfer")
    return tenancy


def click(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_tenant_pays_online_through_the_sandbox_and_asks_for_a_receipt(new_context, tenant, aminas_rent):
    context = new_context()
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/rent/")
    click(page, "main a[href$='/rent/pay/']")
    check_page(page)
    assert "TEST" in page.locator("main").inner_text()
    page.locator("input[name=choice][value=due]").check()
    click(page, "main form button[type=submit]")
    assert "/payments/sandbox/" in page.url
    check_page(page)
    click(page, "button[value=pay]")
    assert "/rent/pay/" in page.url
    check_page(page)
    assert "Merci, votre paiement est reçu" in page.locator("main").inner_text()
    assert LedgerEntry.objects.filter(tenancy=aminas_rent).balance() == 0

    page.goto(reverse("portal:receipt-request"))
    page.locator(f"input[name=period][value='{last_month():%Y-%m}']").check()
    click(page, "main form button[type=submit]")
    assert page.url.endswith("/documents/")
    check_page(page)
    quittance = Document.objects.get(kind=DocumentKind.QUITTANCE)
    assert quittance.title in page.locator("main").inner_text()


def test_at_the_kiosk_a_tenant_pays_with_her_phone_and_prints_her_notice(new_context, kiosk_client, tenant,
                                                                        tenant_person, aminas_rent):
    kiosk = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(kiosk, kiosk_client)
    page = kiosk.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(aminas_rent.number)
    click(page, "main form button[type=submit]")
    page.locator("input[name=pin]").fill(t.PIN)
    click(page, "main form button[type=submit]")
    click(page, "main a[href$='/kiosk/rent/']")
    check_page(page)
    assert page.locator("img.kiosk-pay__qr").is_visible()
    assert page.locator("main input").count() == 0  # nothing to type a card into

    # The QR code holds a signed link like this one; her phone opens it, signed in nowhere.
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(reverse("portal:pay-link", kwargs={"token": pay_link_token(tenancy_id=aminas_rent.pk,
                                                                           person_id=tenant_person.pk)}))
    check_page(phone)
    click(phone, "main form button[type=submit]")
    click(phone, "button[value=pay]")
    check_page(phone)
    assert "Thank you, your payment is received" in phone.locator("main").inner_text()

    click(page, "main a[href$='/kiosk/rent/notice/']")
    check_page(page)
    assert page.locator("[data-print]").is_visible()
    assert aminas_rent.payment_reference in page.locator("main").inner_text()
