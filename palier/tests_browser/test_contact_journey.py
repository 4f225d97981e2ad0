"""At the kiosk, in a real browser: a tenant writes to her agency, reads her inbox, books an
appointment and moves it. Each screen is checked (axe-core, 320 px reflow, CSP)."""

import pytest

from palier import testing as t
from palier.contact.models import Appointment, Conversation
from palier.tests_grid import grid_contact

from .helpers import check_page, copy_client_cookies, submit

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


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


def test_a_manager_keeps_the_ready_made_answers_and_an_agent_starts_from_one(context_as, world):
    from palier.contact.models import CannedReply

    conversation = grid_contact.conversation(world)
    manager = context_as("manager").new_page()
    manager.goto("/staff/messages/")
    with manager.expect_navigation():
        manager.locator("main a[href$='/staff/messages/answers/']").click()
    check_page(manager)
    with manager.expect_navigation():
        manager.locator("main a[href$='/staff/messages/answers/new/']").click()
    check_page(manager)
    manager.locator("input[name=title_fr]").fill("Relevé des compteurs")
    manager.locator("textarea[name=body_fr]").fill("Bonjour,\n\nLe relevé des compteurs a lieu mardi.")
    submit(manager)
    check_page(manager)
    reply = CannedReply.objects.get(title_fr="Relevé des compteurs")
    assert "Relevé des compteurs" in manager.locator("main").inner_text()
    manager.goto(f"/staff/messages/answers/{reply.pk}/")
    check_page(manager)

    agent = context_as("agent").new_page()
    agent.goto(f"/staff/messages/{conversation.pk}/")
    agent.locator("select[name=canned]").select_option(str(reply.pk))
    with agent.expect_navigation():
        agent.locator("main form.bo-filters button[type=submit]").click()
    check_page(agent)
    assert "Le relevé des compteurs a lieu mardi." in agent.locator("textarea[name=body]").input_value()


def test_the_contact_history_and_the_appointment_days_go_page_by_page(context_as, world):
    import datetime as dt

    from django.utils import timezone

    from palier.contact.history import log_contact
    from palier.contact.models import AppointmentSlot
    from palier.core.acting import Acting

    for i in range(55):
        log_contact(acting=Acting(user=world.agent), tenancy=world.tenancy, channel="phone", summary=f"Appel {i}")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    slots = AppointmentSlot.objects.bulk_create(
        AppointmentSlot(agency=world.agency, kind="phone", starts_at=start + dt.timedelta(minutes=30 * i),
                        ends_at=start + dt.timedelta(minutes=30 * i + 20)) for i in range(55))
    Appointment.objects.bulk_create(Appointment(slot=slot, tenancy=world.tenancy, person=world.tenant_person)
                                    for slot in slots)
    page = context_as("agent").new_page()
    page.goto(f"/staff/tenants/{world.tenancy.pk}/contacts/")
    check_page(page)
    with page.expect_navigation():
        page.locator("nav.pagination a[rel=next]").click()
    check_page(page)
    assert "Appel 0" in page.locator("main").inner_text()
    page.goto("/staff/appointments/")
    check_page(page)
    with page.expect_navigation():
        page.locator("nav.pagination a[rel=next]").click()
    check_page(page)
    assert "page=2" in page.url


def test_a_helper_acting_for_a_tenant_finds_her_officer_in_the_help_block(new_context, world):
    from django.test import Client
    from django.urls import reverse

    from palier.core.acting import Acting
    from palier.mandates import services as mandates

    mandates.grant_mandate(acting=Acting(user=world.tenant), tenant=world.tenant_person, helper=world.helper,
                           scopes=["rent", "messages"], duration="month")
    client = Client()
    client.force_login(world.helper)
    client.post(reverse("portal:act-for"), {"person": world.tenant_person.pk})
    context = new_context()
    copy_client_cookies(context, client)
    page = context.new_page()
    for url in ("/", "/rent/"):
        page.goto(url)
        check_page(page)
        help_block = page.locator("aside.help-block").inner_text()
        assert "Nadia Haddad" in help_block and world.agency.name in help_block
