"""My documents at the kiosk in a real browser: the list, a yearly statement and a receipt printed
as pages, a document sent to the tenant's own channels. Each screen checked (axe, 320 px reflow,
no inline style)."""

import datetime as dt

import pytest
from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.documents.models import DocumentKind
from palier.documents.services import store_document
from palier.notifications.models import Message
from palier.rent.services import charge_rent, record_payment

from .helpers import check_page, copy_client_cookies

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}
PDF = b"%PDF-1.7\n% kiosk journey\n"


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def click(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.fixture
def aminas_documents(tenancy, tenant_person, landlord):
    """A rent notice, a rent receipt and a yearly statement in Amina's vault."""
    month = timezone.localdate().replace(day=1)
    charge_rent(acting=Acting.system(), period=month)
    record_payment(acting=Acting.system(), tenancy=tenancy, amount="535.50", paid_on=month, channel="transfer")
    made = {}
    for kind, title, key, period in (
        (DocumentKind.YEARLY_STATEMENT, "Décompte annuel", f"yearly_statement:{tenancy.pk}:{month.year}:0",
         dt.date(month.year, 1, 1)),
        (DocumentKind.QUITTANCE, "Quittance", f"quittance:{tenancy.pk}:{month:%Y-%m}", month),
        (DocumentKind.RENT_NOTICE, "Avis d'échéance", f"rent_notice:{tenancy.pk}:{month:%Y-%m}", month),
    ):
        made[kind] = store_document(acting=Acting.system(), household=tenancy.household, kind=kind, title=title,
                                    content=PDF, language="fr", period=period, key=key)
    return made


def test_a_tenant_prints_and_sends_her_documents_at_the_kiosk(new_context, kiosk_client, tenancy, tenant,
                                                             tenant_person, aminas_documents):
    kiosk = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(kiosk, kiosk_client)
    page = kiosk.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    click(page, "main form button[type=submit]")
    page.locator("input[name=pin]").fill(t.PIN)
    click(page, "main form button[type=submit]")
    click(page, "main a[href$='/kiosk/documents/']")
    check_page(page)
    assert "Décompte annuel" in page.locator("main").inner_text()

    for kind in (DocumentKind.YEARLY_STATEMENT, DocumentKind.QUITTANCE, DocumentKind.RENT_NOTICE):
        click(page, f"main a[href$='/kiosk/documents/{aminas_documents[kind].pk}/print/']")
        check_page(page)
        assert page.locator("[data-print]").is_visible()
        click(page, "main a[href$='/kiosk/documents/']")

    notice = aminas_documents[DocumentKind.RENT_NOTICE]
    click(page, f"main form[action$='/kiosk/documents/{notice.pk}/send/'] button")
    check_page(page)
    assert Message.objects.filter(person=tenant_person, topic=f"document:{notice.pk}").exists()
