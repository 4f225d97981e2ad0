"""The inclusion officer's back office: partners, workshops, sessions, attendance, rooms, figures."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from palier import testing as t
from palier.core.acting import Acting
from palier.inclusion import services
from palier.inclusion import testing as it
from palier.inclusion.figures import inclusion_figures
from palier.inclusion.models import Partner, SelfAssessment, Workshop, WorkshopSession


@pytest.fixture
def ines(inclusion_officer):
    client = Client()
    client.force_login(inclusion_officer)
    return client


def test_the_inclusion_officer_adds_a_partner_with_its_offer_in_french(ines, agency):
    response = ines.post("/staff/inclusion/partners/new/", {
        "name": "Lire et Écrire", "kind": "association", "agency": agency.pk, "phone": "+32 2 555 88 00",
        "offer_fr": "Cours de lecture et d'écriture pour adultes.", "active": "on"})
    assert response.status_code == 302
    partner = Partner.objects.get(name="Lire et Écrire")
    assert partner.offer_fr.startswith("Cours de lecture")


def test_a_workshop_without_its_french_text_is_refused(ines, agency):
    response = ines.post("/staff/inclusion/workshops/new/", {
        "topic": "email", "agency": agency.pk, "title_nl": "E-mail", "description_nl": "Leren mailen."})
    assert response.status_code == 200
    assert not Workshop.objects.exists()


def test_the_officer_plans_a_session_and_tenants_see_it(ines, agency, estate, inclusion_officer, tenant, tenancy):
    workshop = it.workshop(agency, inclusion_officer)
    start = it.next_weekday(3, 14)
    ines.post(f"/staff/inclusion/workshops/{workshop.pk}/sessions/new/", {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salle commune", "estate": estate.pk, "capacity": "8", "language": "fr", "level": "beginner"})
    session = WorkshopSession.objects.get(workshop=workshop)
    assert session.capacity == 8
    amina = Client()
    amina.force_login(tenant)
    assert "Envoyer un e-mail" in amina.get("/workshops/").content.decode()


def test_the_session_list_shows_names_and_attendance_is_taken(ines, agency, estate, inclusion_officer, tenant,
                                                                tenant_person):
    trainer = Client()
    session = it.session(it.workshop(agency, inclusion_officer), inclusion_officer, estate=estate)
    enrolment = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    page = ines.get(f"/staff/inclusion/sessions/{session.pk}/").content.decode()
    assert "Amina Benali" in page
    assert "+32470123456" not in page and "amina.benali@example.org" not in page
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=30)):
        trainer.force_login(inclusion_officer)  # the day of the session, in a new staff session
        trainer.post(f"/staff/inclusion/sessions/{session.pk}/", {"present": [enrolment.pk]})
    enrolment.refresh_from_db()
    assert enrolment.attendance == "present"


def test_cancelling_a_session_tells_the_people_enrolled(ines, agency, estate, inclusion_officer, tenant,
                                                        tenant_person):
    from palier.notifications.models import Message

    session = it.session(it.workshop(agency, inclusion_officer), inclusion_officer, estate=estate)
    services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    ines.post(f"/staff/inclusion/sessions/{session.pk}/cancel/")
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert Message.objects.filter(person=tenant_person, subject="Atelier annulé").exists()


def test_the_officer_blocks_a_slot_and_tenants_cannot_book_it(ines, estate, inclusion_officer, tenant,
                                                               tenant_person):
    space = it.space(estate, inclusion_officer)
    slot = it.next_weekday(4, 9)
    ines.post(f"/staff/inclusion/spaces/{space.pk}/", {"starts_at": slot.strftime("%Y-%m-%dT%H:%M"),
                                                       "reason": "Entretien des ordinateurs"})
    amina = Client()
    amina.force_login(tenant)
    page = amina.get(f"/workshops/rooms/{space.pk}/").content.decode()
    assert slot.isoformat() not in page
    assert it.next_weekday(4, 10).isoformat() in page


def test_figures_hide_groups_of_fewer_than_five_households(agency, building, inclusion_officer, tenant_person):
    few = inclusion_figures(inclusion_officer)["estates"][0]
    assert few["households"] is None and few["with_account"] is None
    for n in range(6):
        household, _tenancy = t.household_with_tenancy(t.dwelling(building), name=f"Famille {n}")
        person = t.person(household, "Prénom", f"Famille {n}")
        services.record_self_assessment(acting=Acting.system(), person=person, internet_at_home=n < 3, devices=set(),
                                        email="no", forms="no", banking="no", wants_help=True)
    row = inclusion_figures(inclusion_officer)["estates"][0]
    assert row["households"] == 7
    assert row["answered"] == 6
    assert row["wants_help"] == {"count": 6, "percent": 100}
    # 3 without internet and 3 with: both groups under 5, so only a rounded share is shown.
    assert row["no_internet"] == {"count": None, "percent": 50}
    assert SelfAssessment.objects.count() == 6


def test_an_agent_has_no_inclusion_back_office(agent):
    client = Client()
    client.force_login(agent)
    assert client.get("/staff/inclusion/").status_code == 404


def test_the_figures_page_shows_kiosk_use_per_place(kiosk_client, manager, kiosk_device, tenancy):
    kiosk_client.get("/kiosk/")
    kiosk_client.get("/kiosk/workshops/")
    client = Client()
    client.force_login(manager)
    page = client.get("/staff/inclusion/").content.decode()
    assert "Borne salle commune" in page
    assert "Ateliers: 1" in page
