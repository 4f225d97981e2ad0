"""Workshops, partners and digital spaces as tenants see them, on the web and at the kiosk."""

import pytest
from django.test import Client

from palier import testing as t
from palier.inclusion import testing as it
from palier.inclusion.models import EnrolmentState, SelfAssessment, SpaceBooking


@pytest.fixture
def offer(agency, estate, inclusion_officer, tenancy):
    partner = it.partner(agency, inclusion_officer)
    workshop = it.workshop(agency, inclusion_officer, partner=partner)
    return {"partner": partner, "workshop": workshop,
            "session": it.session(workshop, inclusion_officer, estate=estate, capacity=1),
            "space": it.space(estate, inclusion_officer)}


@pytest.fixture
def amina(tenant):
    client = Client()
    client.force_login(tenant)
    return client


def test_the_calendar_shows_the_coming_workshops_with_the_places_left(amina, offer):
    page = amina.get("/workshops/").content.decode()
    assert "Envoyer un e-mail" in page
    assert "1 place libre" in page


def test_a_tenant_reads_the_workshop_in_her_language(neighbour, offer):
    client = Client()
    client.force_login(neighbour)
    page = client.get(f"/workshops/{offer['session'].pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Een e-mail sturen" in page


def test_a_tenant_takes_the_last_place_and_the_next_one_waits(amina, offer, neighbour, neighbour_person,
                                                              tenant_person):
    session = offer["session"]
    response = amina.post(f"/workshops/{session.pk}/enrol/", follow=True)
    assert "Vous avez une place" in response.content.decode()
    jan = Client()
    jan.force_login(neighbour)
    response = jan.post(f"/workshops/{session.pk}/enrol/", follow=True)
    assert "wachtlijst" in response.content.decode()  # Jan reads Dutch
    assert session.enrolments.get(person=neighbour_person).state == EnrolmentState.WAITING

    amina.post(f"/workshops/{session.pk}/cancel/")

    assert session.enrolments.get(person=neighbour_person).state == EnrolmentState.ENROLLED
    assert session.enrolments.get(person=tenant_person).state == EnrolmentState.CANCELLED


def test_a_tenant_books_a_free_slot_and_sees_it_in_her_bookings(amina, offer, tenant_person):
    slot = it.next_weekday(2, 10)
    response = amina.post(f"/workshops/rooms/{offer['space'].pk}/", {"slot": slot.isoformat()}, follow=True)
    assert SpaceBooking.objects.get(person=tenant_person).starts_at == slot
    assert "Mes réservations" in response.content.decode()


def test_a_slot_taken_meanwhile_is_refused_in_words(amina, offer, neighbour_person):
    from palier.core.acting import Acting
    from palier.inclusion.services import book_space

    slot = it.next_weekday(2, 10)
    book_space(acting=Acting.system(), space=offer["space"], person=neighbour_person, starts_at=slot)
    response = amina.post(f"/workshops/rooms/{offer['space'].pk}/", {"slot": slot.isoformat()})
    assert "vient de réserver cette heure" in response.content.decode()


def test_the_partners_directory_says_how_to_reach_them(amina, offer):
    page = amina.get("/workshops/partners/").content.decode()
    assert "Entraide Marolles" in page and "+32 2 555 77 00" in page


ANSWERS = (("internet_at_home", "no"), ("devices", ["smartphone"]), ("email", "no"), ("online_forms", "a_little"),
           ("banking", "no"), ("wants_help", "yes"))


def test_the_questions_come_one_per_page_and_bring_suggestions(amina, offer, tenant_person):
    page = amina.get("/workshops/questions/").content.decode()
    assert "question 1 sur 6" in page and "Avez-vous internet à la maison ?" in page
    for step, (name, value) in enumerate(ANSWERS):
        response = amina.post(f"/workshops/questions/?step={step}", {name: value}, follow=True)
    page = response.content.decode()
    assessment = SelfAssessment.objects.get(person=tenant_person)
    assert assessment.wants_help and not assessment.internet_at_home and assessment.has_smartphone
    assert "Envoyer un e-mail" in page and "Entraide Marolles" in page


def test_a_question_left_unanswered_is_asked_again_in_words(amina, offer):
    response = amina.post("/workshops/questions/", {})
    assert "Choisissez une réponse." in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_the_kiosk_shows_its_estates_workshops_to_everyone(kiosk_client, offer):
    page = kiosk_client.get("/kiosk/workshops/").content.decode()
    assert "Envoyer un e-mail" in page
    page = kiosk_client.get(f"/kiosk/workshops/{offer['session'].pk}/").content.decode()
    assert "connectez-vous" in page.lower()


def test_a_tenant_signed_in_at_the_kiosk_takes_a_place(kiosk_client, offer, tenant, tenant_person, tenancy):
    kiosk_client.post("/kiosk/sign-in/", {"number": tenancy.number})
    kiosk_client.post("/kiosk/sign-in/pin/", {"pin": t.PIN})
    kiosk_client.post(f"/kiosk/workshops/{offer['session'].pk}/enrol/")
    enrolment = offer["session"].enrolments.get(person=tenant_person)
    assert enrolment.channel == "kiosk"


def test_the_kiosk_counts_its_use_without_knowing_who(kiosk_client, offer, tenancy, tenant, kiosk_device):
    from palier.inclusion.models import KioskUse

    kiosk_client.get("/kiosk/workshops/")
    kiosk_client.get("/kiosk/workshops/")
    kiosk_client.post("/kiosk/sign-in/", {"number": tenancy.number})
    kiosk_client.post("/kiosk/sign-in/pin/", {"pin": t.PIN})
    uses = {u.service: u.count for u in KioskUse.objects.filter(kiosk=kiosk_device)}
    assert uses["workshops"] == 2
    assert uses["session"] == 1
    assert {f.name for f in KioskUse._meta.get_fields()} == {"id", "kiosk", "day", "service", "count"}


def test_a_tenant_who_attended_downloads_her_certificate(amina, offer, tenant_person, cotenant):
    import datetime as dt
    import subprocess  # nosec B404

    from django.utils import timezone

    from palier.inclusion.models import Enrolment, WorkshopSession

    start = timezone.now() - dt.timedelta(days=7)
    past = WorkshopSession.objects.create(workshop=offer["workshop"], place="Salle commune", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2), capacity=8)
    attended = Enrolment.objects.create(session=past, person=tenant_person, state="enrolled", attendance="present")

    assert "Télécharger mon attestation" in amina.get("/workshops/").content.decode()
    response = amina.get(f"/workshops/certificates/{attended.pk}/")

    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["/usr/bin/pdftotext", "-layout", "-", "-"], input=response.content,  # nosec B603
                          capture_output=True, check=True).stdout.decode()
    assert "Attestation de participation" in text
    assert "Amina Benali" in text and "Envoyer un e-mail" in text
    youssef = Client()
    youssef.force_login(cotenant)
    assert youssef.get(f"/workshops/certificates/{attended.pk}/").status_code == 404


def test_the_calendar_and_the_figures_cost_the_same_queries_for_few_or_many_sessions(amina, offer, agency, estate,
                                                                                     inclusion_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = Client()
    officer.force_login(inclusion_officer)

    def queries_of(client, url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for client, url in ((amina, "/workshops/"), (officer, "/staff/inclusion/")):
        queries_of(client, url)  # the first page of a session also caches the landlord, the session…
    few = queries_of(amina, "/workshops/"), queries_of(officer, "/staff/inclusion/"), queries_of(
        officer, "/staff/inclusion/workshops/")
    for week in range(1, 9):
        it.session(offer["workshop"], inclusion_officer, estate=estate, starts_at=it.next_weekday(1, 10, weeks=week))
    many = queries_of(amina, "/workshops/"), queries_of(officer, "/staff/inclusion/"), queries_of(
        officer, "/staff/inclusion/workshops/")
    assert many == few


@pytest.mark.parametrize("typed", ["", "tomorrow", "2026-13-45T10:00", "2020-01-01T10:00"])
def test_a_slot_that_is_not_one_is_refused_in_words(amina, offer, typed):
    response = amina.post(f"/workshops/rooms/{offer['space'].pk}/", {"slot": typed})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not SpaceBooking.objects.exists()
