"""Workshops, rooms and the questions about the internet in a real browser, on the kiosk and the
web portal, and the kiosk reading the tenancy number from the activation letter's QR code. Each
screen checked (axe-core, 320 px, CSP)."""

import pytest

from palier.inclusion import testing as it
from palier.inclusion.models import EnrolmentState, SelfAssessment, SpaceBooking

from .helpers import check_page, copy_client_cookies, go, kiosk_page_signed_in, sign_in

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


@pytest.fixture
def offer(agency, estate, inclusion_officer, tenancy):
    workshop = it.workshop(agency, inclusion_officer, partner=it.partner(agency, inclusion_officer))
    return {"session": it.session(workshop, inclusion_officer, estate=estate),
            "space": it.space(estate, inclusion_officer)}


def test_a_tenant_takes_a_workshop_place_and_books_a_room_at_the_kiosk(new_context, kiosk_client, offer, tenant,
                                                                       tenant_person, tenancy):
    page = kiosk_page_signed_in(new_context, kiosk_client, tenancy, viewport=KIOSK_SCREEN)

    go(page, "main a[href$='/kiosk/workshops/']")
    go(page, f"main a[href$='/kiosk/workshops/{offer['session'].pk}/']")
    go(page, "main form button[type=submit]")
    assert "Vous avez une place" in page.locator("main").inner_text()
    assert offer["session"].enrolments.get(person=tenant_person).channel == "kiosk"
    go(page, "main a[href$='/cancel/']")
    go(page, "main form button[type=submit]")
    assert offer["session"].enrolments.get(person=tenant_person).state == EnrolmentState.CANCELLED

    go(page, "main a[href$='/kiosk/workshops/rooms/']")
    go(page, f"main a[href$='/kiosk/workshops/rooms/{offer['space'].pk}/']")
    page.locator("main input[name=slot]").first.check()
    go(page, "main form button[type=submit]")
    booking = SpaceBooking.objects.get(person=tenant_person, state="booked")
    assert booking.channel == "kiosk"
    go(page, f"main a[href$='/kiosk/workshops/bookings/{booking.pk}/cancel/']")
    go(page, "main form button[type=submit]")
    booking.refresh_from_db()
    assert booking.state == "cancelled"

    page.goto("/kiosk/workshops/")
    go(page, "main a[href$='/kiosk/workshops/questions/']")
    answer_the_questions(page)
    assert "Envoyer un e-mail" in page.locator("main").inner_text()
    assert SelfAssessment.objects.get(person=tenant_person).channel == "kiosk"


def answer_the_questions(page):
    """One question per page; the last button shows the suggestions."""
    for selector in ("input[name=internet_at_home][value=no]", "input[name=devices][value=smartphone]",
                     "input[name=email][value=no]", "input[name=online_forms][value=a_little]",
                     "input[name=banking][value=no]", "input[name=wants_help][value=yes]"):
        page.locator(selector).check()
        go(page, "main form button[type=submit]")


def test_a_tenant_answers_the_questions_and_sees_suggestions(new_context, offer, tenant, tenant_person):
    context = new_context(locale="fr-BE")
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/workshops/questions/")
    check_page(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    # Nothing answered: the question says so, and the summary links to it.
    assert page.locator(".error-summary li").count() == 1
    check_page(page)
    answer_the_questions(page)
    text = page.locator("main").inner_text()
    assert "Envoyer un e-mail" in text and "Entraide Marolles" in text


QR_FAKES = """
(() => {
  const letter = "http://palier.example/activate/?number=2601234&code=K7WQ-3MZP";
  window.BarcodeDetector = class {
    static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
    detect() { return Promise.resolve([{rawValue: letter}]); }
  };
  navigator.mediaDevices.enumerateDevices = () => Promise.resolve([{kind: "videoinput", deviceId: "cam"}]);
  navigator.mediaDevices.getUserMedia = () => {
    const canvas = document.createElement("canvas");
    canvas.width = 64; canvas.height = 64;
    canvas.getContext("2d").fillRect(0, 0, 64, 64);
    return Promise.resolve(canvas.captureStream(5));
  };
})();
"""


def test_the_kiosk_reads_the_tenancy_number_from_the_letters_qr_code(new_context, kiosk_client, tenant, tenancy):
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    context.add_init_script(QR_FAKES)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    # A kiosk starts in the landlord's language, French.
    page.get_by_role("button", name="Scanner le QR code de ma lettre").click()
    page.wait_for_function("document.querySelector('input[name=number]').value === '2601234'")
    assert "Numéro de bail trouvé" in page.locator("[data-qr-status]").inner_text()
    # The camera is off again, and the activation code on the letter was not used.
    assert page.locator("main video").is_hidden()
    assert "K7WQ" not in page.content()
    check_page(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/kiosk/sign-in/pin/")


def test_without_a_camera_the_kiosk_sign_in_shows_no_scan_button(new_context, kiosk_client):
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    assert page.locator("[data-qr-scan]").is_hidden()
    assert page.locator("input[name=number]").is_visible()


def test_an_agent_enrols_a_tenant_who_calls_then_gives_the_place_back(new_context, offer, agent, tenant_person,
                                                                      tenancy):
    context = new_context(locale="fr-BE")
    sign_in(context, agent)
    page = context.new_page()
    page.goto(f"/staff/inclusion/enrol/?q={tenancy.number}")
    check_page(page)
    go(page, f"main a[href*='person={tenant_person.pk}']")
    page.locator("main input[name=session]").first.check()
    page.locator("main input[name=channel][value=phone]").check()
    go(page, "main form[method=post]:not([action]) button[type=submit]")
    enrolment = offer["session"].enrolments.get(person=tenant_person)
    assert (enrolment.state, enrolment.channel) == (EnrolmentState.ENROLLED, "phone")
    assert "Inscription faite pour Amina Benali" in page.locator("body").inner_text()
    go(page, f"main form[action$='/enrolments/{enrolment.pk}/cancel/'] button[type=submit]")
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.CANCELLED
