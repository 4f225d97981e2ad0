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

from .helpers import go, kiosk_page_signed_in

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


@pytest.fixture
def attended(agency, inclusion_officer, tenant_person):
    workshop = it.workshop(agency, inclusion_officer)
    start = timezone.now() - dt.timedelta(days=7)
    past = WorkshopSession.objects.create(workshop=workshop, place="Salle commune", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2), capacity=8)
    return Enrolment.objects.create(session=past, person=tenant_person, state="enrolled", attendance="present")


def test_a_tenant_uses_the_portals_pages_at_the_kiosk(new_context, kiosk_client, tenant, tenant_person, tenancy,
                                                      attended):
    page = kiosk_page_signed_in(new_context, kiosk_client, tenancy, viewport=KIOSK_SCREEN)

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
