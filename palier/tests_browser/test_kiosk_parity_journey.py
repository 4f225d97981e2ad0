"""The portal's own pages at the kiosk in a real browser: the building page, the contact choices,
a new PIN, a workshop certificate printed as a page and sent to the tenant's own channels. Each
screen checked (axe-core, 320 px, CSP)."""

import datetime as dt

import pytest
from django.utils import timezone

from palier import testing as t
from palier.inclusion import testing as it
from palier.inclusion.models import Enrolment, WorkshopSession
from palier.notifications.models import Message

from .helpers import check_page, copy_client_cookies

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def go(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()
    check_page(page)


@pytest.fixture
def attended(agency, inclusion_officer, tenant_person):
    workshop = it.workshop(agency, inclusion_officer)
    start = timezone.now() - dt.timedelta(days=7)
    past = WorkshopSession.objects.create(workshop=workshop, place="Salle commune", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2), capacity=8)
    return Enrolment.objects.create(session=past, person=tenant_person, state="enrolled", attendance="present")


def test_a_tenant_uses_the_portals_pages_at_the_kiosk(new_context, kiosk_client, tenant, tenant_person, tenancy,
                                                      attended):
    context = new_context(viewport=KIOSK_SCREEN, locale="fr-BE")
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator("input[name=pin]").fill(t.PIN)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    go(page, "main a[href$='/kiosk/my-building/']")
    assert "Mon immeuble" in page.locator("main").inner_text()

    page.goto("/kiosk/home/")
    go(page, "main a[href$='/kiosk/my-details/contact/']")
    go(page, "main form button[type=submit]")
    assert page.url.endswith("/kiosk/home/")

    go(page, "main a[href$='/kiosk/my-details/pin/']")
    page.locator("input[name=current_pin]").fill(t.PIN)
    page.locator("input[name=pin]").fill("730618")
    go(page, "main form button[type=submit]")
    assert page.url.endswith("/kiosk/home/")

    page.goto("/kiosk/workshops/")
    go(page, f"main a[href$='/kiosk/workshops/certificates/{attended.pk}/']")
    assert "Attestation de participation" in page.locator("main").inner_text()
    go(page, "main form[action$='/send/'] button[type=submit]")
    assert Message.objects.filter(person=tenant_person, subject="Votre attestation de participation").exists()
