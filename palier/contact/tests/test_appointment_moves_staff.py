"""Agents move and cancel appointments for a tenant on the phone or at the counter: another free
time of the same agency and kind, the tenant told on their channels, the agent's channel audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.contact import appointments
from palier.contact.models import Appointment, AppointmentSlot, AppointmentState
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db


def slot(agency, *, days=5, hour=10, kind="counter"):
    start = (timezone.localtime() + dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return AppointmentSlot.objects.create(agency=agency, kind=kind, starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))


@pytest.fixture
def booked(tenant_person, agency):
    return appointments.book_appointment(acting=Acting.system(), person=tenant_person, slot=slot(agency))


def test_an_agent_moves_a_booking_to_another_free_time_of_the_same_kind(client, agent, agency, booked,
                                                                         tenant_person):
    later = slot(agency, days=6)
    by_phone = slot(agency, days=6, hour=11, kind="phone")
    client.force_login(agent)
    page = client.get(reverse("backoffice:appointment-move", args=[booked.pk])).content.decode()
    assert f'value="{later.pk}"' in page
    assert f'value="{by_phone.pk}"' not in page, "a phone call is not offered for a counter visit"
    assert f'value="{booked.slot_id}"' not in page, "the booked time itself is not offered"

    response = client.post(reverse("backoffice:appointment-move", args=[booked.pk]),
                           {"slot": later.pk, "channel": "counter"})

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.state == AppointmentState.MOVED
    moved = Appointment.objects.get(state=AppointmentState.BOOKED)
    assert (moved.slot, moved.person, moved.booked_by, moved.channel) == (later, tenant_person, agent, "counter")
    told = Message.objects.filter(person=tenant_person, topic=f"appointment:{moved.pk}")
    assert told.exists() and all(m.body.startswith("Votre rendez-vous est déplacé") for m in told)
    event = AuditEvent.objects.get(action="contact.appointment_moved")
    assert (event.actor, event.for_person_id, event.channel) == (agent, tenant_person.pk, "counter")


def test_the_old_time_is_free_again_after_a_move_by_an_agent(client, agent, agency, booked, neighbour_person):
    old = booked.slot
    client.force_login(agent)
    client.post(reverse("backoffice:appointment-move", args=[booked.pk]), {"slot": slot(agency, days=6).pk,
                                                                            "channel": "phone"})
    appointments.book_appointment(acting=Acting.system(), person=neighbour_person, slot=old)
    assert Appointment.objects.filter(state=AppointmentState.BOOKED).count() == 2


def test_a_time_taken_meanwhile_is_refused_in_words_and_nothing_moves(client, agent, agency, booked,
                                                                      neighbour_person):
    later = slot(agency, days=6)
    client.force_login(agent)
    client.get(reverse("backoffice:appointment-move", args=[booked.pk]))
    appointments.book_appointment(acting=Acting.system(), person=neighbour_person, slot=later)

    response = client.post(reverse("backoffice:appointment-move", args=[booked.pk]),
                           {"slot": later.pk, "channel": "phone"})

    assert response.status_code == 200
    assert "Quelqu&#x27;un vient de réserver ce moment." in response.content.decode()
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED
    assert not AuditEvent.objects.filter(action="contact.appointment_moved").exists()


def test_the_service_refuses_a_time_taken_by_someone_else(agent, agency, booked, neighbour_person):
    """The view's list of free times can be out of date: the database still holds one booking per time."""
    later = slot(agency, days=6)
    appointments.book_appointment(acting=Acting.system(), person=neighbour_person, slot=later)
    with pytest.raises(DomainError) as refused:
        appointments.move_appointment(acting=Acting(user=agent), appointment=booked, slot=later)
    assert "Quelqu'un vient de réserver ce moment." in str(refused.value.message)
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED


def test_a_time_of_another_kind_is_refused(agent, agency, booked):
    with pytest.raises(DomainError) as refused:
        appointments.move_appointment(acting=Acting(user=agent), appointment=booked,
                                      slot=slot(agency, days=6, kind="home"))
    assert "Choisissez un autre moment du même type." in str(refused.value.message)


def test_an_appointment_of_another_agency_is_not_found(client, other_agent, agent, booked, agency, neighbour_person,
                                                       other_agency):
    client.force_login(other_agent)
    assert client.get(reverse("backoffice:appointment-move", args=[booked.pk])).status_code == 404
    response = client.post(reverse("backoffice:appointment-move", args=[booked.pk]),
                           {"slot": slot(agency, days=6).pk, "channel": "phone"})
    assert response.status_code == 404
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED


def test_a_time_of_another_agency_cannot_be_chosen(client, agent, booked, other_agency):
    client.force_login(agent)
    response = client.post(reverse("backoffice:appointment-move", args=[booked.pk]),
                           {"slot": slot(other_agency, days=6).pk, "channel": "phone"})
    assert response.status_code == 200
    assert "Votre agence ne propose pas ce moment." in response.content.decode()
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED


def test_the_list_offers_to_move_each_booking(client, agent, booked):
    client.force_login(agent)
    page = client.get(reverse("backoffice:appointment-list"), {"day": booked.slot.starts_at.date().isoformat()})
    assert reverse("backoffice:appointment-move", args=[booked.pk]) in page.content.decode()


def test_an_agent_cancels_at_the_counter_and_the_channel_is_audited(client, agent, booked, tenant_person):
    client.force_login(agent)
    response = client.post(reverse("backoffice:appointment-cancel", args=[booked.pk]), {"channel": "counter"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED
    event = AuditEvent.objects.get(action="contact.appointment_cancelled")
    assert (event.actor, event.for_person_id, event.channel) == (agent, tenant_person.pk, "counter")
    assert Message.objects.filter(person=tenant_person, body__startswith="Votre rendez-vous du").exists()


def test_a_cancellation_is_taken_by_phone_unless_the_agent_says_otherwise(client, agent, booked):
    client.force_login(agent)
    client.post(reverse("backoffice:appointment-cancel", args=[booked.pk]))
    assert AuditEvent.objects.get(action="contact.appointment_cancelled").channel == "phone"


def test_an_agent_cannot_cancel_an_appointment_of_another_agency(client, other_agent, booked):
    client.force_login(other_agent)
    assert client.post(reverse("backoffice:appointment-cancel", args=[booked.pk])).status_code == 404
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED


def test_a_time_of_another_kind_posted_to_the_page_is_refused_in_words(client, agent, agency, booked):
    client.force_login(agent)
    response = client.post(reverse("backoffice:appointment-move", args=[booked.pk]),
                           {"slot": slot(agency, days=6, kind="home").pk, "channel": "phone"})
    assert "Choisissez un autre moment du même type." in response.content.decode()
    booked.refresh_from_db()
    assert booked.state == AppointmentState.BOOKED
