"""Staff taking a call or a visit enrol a tenant in a workshop session, or give their place back."""

import pytest
from django.test import Client

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.inclusion import services
from palier.inclusion import testing as it
from palier.inclusion.models import Enrolment
from palier.notifications.models import Message

ENROL = "/staff/inclusion/enrol/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def session(agency, estate, inclusion_officer):
    return it.session(it.workshop(agency, inclusion_officer), inclusion_officer, estate=estate, capacity=1)


def test_the_agent_finds_the_tenant_by_name_and_sees_only_their_name_and_tenancy(agent, tenant_person, session):
    page = signed_in(agent).get(ENROL, {"q": "benali"}).content.decode()
    assert "Amina Benali" in page
    assert "2601234" in page
    assert "amina.benali@example.org" not in page and "+32470123456" not in page


def test_the_tenancy_number_finds_everyone_of_the_household(inclusion_officer, tenant_person, cotenant_person,
                                                            session):
    page = signed_in(inclusion_officer).get(ENROL, {"q": "2601234"}).content.decode()
    assert "Amina Benali" in page and cotenant_person.full_name in page


def test_a_tenant_of_another_agency_is_not_found_and_cannot_be_chosen(other_agent, tenant_person, session):
    client = signed_in(other_agent)
    assert "Amina Benali" not in client.get(ENROL, {"q": "benali"}).content.decode()
    assert client.get(ENROL, {"person": tenant_person.pk}).status_code == 404


def test_a_tenant_enrolled_on_the_phone_gets_the_place_and_the_channel_is_kept(agent, tenant_person, session):
    client = signed_in(agent)
    page = client.get(ENROL, {"person": tenant_person.pk, "session": session.pk}).content.decode()
    assert "Envoyer un e-mail" in page and "places restantes : 1" in page
    response = client.post(f"{ENROL}?person={tenant_person.pk}", {"session": session.pk, "channel": "phone"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=tenant_person)
    assert (enrolment.state, enrolment.channel) == ("enrolled", "phone")
    event = AuditEvent.objects.get(action="inclusion.enrolled")
    assert event.actor_id == agent.pk and event.subject_person_id == tenant_person.pk
    assert event.for_person_id == tenant_person.pk and event.channel == "phone"
    assert Message.objects.filter(person=tenant_person, subject="Atelier : vous êtes inscrit").exists()
    assert "Inscription faite pour Amina Benali" in client.get(response["Location"]).content.decode()


def test_a_full_session_puts_the_tenant_on_its_waiting_list(inclusion_officer, tenant, tenant_person,
                                                             neighbour_person, session):
    services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    client = signed_in(inclusion_officer)
    client.post(f"{ENROL}?person={neighbour_person.pk}", {"session": session.pk, "channel": "counter"})
    enrolment = Enrolment.objects.get(person=neighbour_person)
    assert (enrolment.state, enrolment.channel) == ("waiting", "counter")


def test_enrolling_twice_is_refused_clearly(agent, tenant_person, session):
    client = signed_in(agent)
    client.post(f"{ENROL}?person={tenant_person.pk}", {"session": session.pk, "channel": "phone"})
    response = client.post(f"{ENROL}?person={tenant_person.pk}", {"session": session.pk, "channel": "phone"})
    assert response.status_code == 200
    assert "déjà inscrit" in response.content.decode()
    assert Enrolment.objects.filter(person=tenant_person).count() == 1


def test_a_session_of_another_agency_cannot_be_chosen(agent, tenant_person, other_agency, session):
    far_officer = t.staff("inclusion_officer", "far-officer", "Lotte", "Maes", agencies=[other_agency])
    far = it.session(it.workshop(other_agency, far_officer, title="Faire son CV"), far_officer)
    response = signed_in(agent).post(f"{ENROL}?person={tenant_person.pk}", {"session": far.pk, "channel": "phone"})
    assert response.status_code == 200
    assert not Enrolment.objects.filter(person=tenant_person).exists()


def test_cancelling_a_place_gives_it_to_the_first_person_waiting(agent, tenant, tenant_person, neighbour,
                                                                  neighbour_person, session):
    mine = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    services.enrol(acting=Acting(user=neighbour), session=session, person=neighbour_person)
    response = signed_in(agent).post(f"/staff/inclusion/enrolments/{mine.pk}/cancel/", {"channel": "counter"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == "cancelled"
    assert Enrolment.objects.get(person=neighbour_person).state == "enrolled"
    event = AuditEvent.objects.get(action="inclusion.enrolment_cancelled")
    assert event.actor_id == agent.pk and event.subject_person_id == tenant_person.pk


def test_the_officer_cancels_from_the_session_list_and_comes_back_to_it(inclusion_officer, tenant, tenant_person,
                                                                         session):
    mine = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    client = signed_in(inclusion_officer)
    assert f"/staff/inclusion/enrolments/{mine.pk}/cancel/" in client.get(
        f"/staff/inclusion/sessions/{session.pk}/").content.decode()
    response = client.post(f"/staff/inclusion/enrolments/{mine.pk}/cancel/", {"back": "session"})
    assert response["Location"] == f"/staff/inclusion/sessions/{session.pk}/"


def test_an_enrolment_of_another_agency_cannot_be_cancelled(other_agent, tenant, tenant_person, session):
    mine = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    assert signed_in(other_agent).post(f"/staff/inclusion/enrolments/{mine.pk}/cancel/").status_code == 404
    mine.refresh_from_db()
    assert mine.state == "enrolled"


def test_tenants_technicians_and_accountants_have_no_enrolment_page(tenant, technician, accountant):
    for user in (tenant, technician, accountant):
        assert signed_in(user).get(ENROL).status_code == 404
