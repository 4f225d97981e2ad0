"""At the kiosk, in a real browser: a tenant writes to her agency, reads her inbox, books an
appointment and moves it. Each screen is checked (axe-core, 320 px reflow, CSP)."""

import pytest

from palier import testing as t
from palier.contact.models import Appointment, Conversation
from palier.tests_grid import grid_contact

from .helpers import check_page, copy_client_cookies

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def submit(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_a_tenant_writes_to_her_agency_and_books_an_appointment_at_the_kiosk(
    new_context, kiosk_client, tenant, tenant_person, tenancy, world
):
    grid_contact.inbox_message(world)
    grid_contact.free_time(world)
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/home/")

    page.goto("/kiosk/messages/")
    check_page(page)
    with page.expect_navigation():
        page.locator("main a[href*='/kiosk/messages/inbox/']").first.click()
    check_page(page)
    assert "Bonjour." in page.locator("main").inner_text()

    page.goto("/kiosk/messages/new/")
    check_page(page)
    page.locator("input[name=topic][value=repair]").check()
    page.locator("textarea[name=body]").fill("Le radiateur de la chambre est froid.")
    submit(page)
    check_page(page)
    conversation = Conversation.objects.get(person=tenant_person)
    assert page.url.split("?")[0].endswith(f"/kiosk/messages/{conversation.pk}/")
    assert "Le radiateur de la chambre est froid." in page.locator("main").inner_text()

    page.goto("/kiosk/appointments/")
    check_page(page)
    page.goto("/kiosk/appointments/new/")
    check_page(page)
    page.goto("/kiosk/appointments/new/?kind=counter")
    check_page(page)
    page.locator("input[name=slot]").first.check()
    submit(page)
    check_page(page)
    appointment = Appointment.objects.get(person=tenant_person)
    page.goto(f"/kiosk/appointments/{appointment.pk}/move/")
    check_page(page)
