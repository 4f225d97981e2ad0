"""Appointments: published times, booking, moving, cancelling, reminders, and one booking per time."""

import datetime as dt
import threading
import time as time_module

import pytest
import time_machine
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from palier.contact import appointments
from palier.contact.models import Appointment, AppointmentSlot, AppointmentState
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message

TUESDAY_9 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def slot(agency, *, start=None, kind="counter"):
    start = start or timezone.now() + dt.timedelta(days=2)
    return AppointmentSlot.objects.create(agency=agency, kind=kind, starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))


@pytest.mark.django_db
def test_an_agent_offers_the_times_of_a_morning(agent, agency):
    with time_machine.travel(TUESDAY_9, tick=False):
        added = appointments.publish_slots(acting=Acting(user=agent), agency=agency, kind="counter",
                                           day=dt.date(2026, 12, 2), first=dt.time(9), last=dt.time(12))
        again = appointments.publish_slots(acting=Acting(user=agent), agency=agency, kind="counter",
                                           day=dt.date(2026, 12, 2), first=dt.time(9), last=dt.time(12))
    assert (added, again) == (6, 0)


@pytest.mark.django_db
def test_a_tenant_books_a_time_and_gets_a_confirmation_in_her_language(
    tenant, cotenant, cotenant_person, agency, django_capture_on_commit_callbacks
):
    time = slot(agency)
    appointments.book_appointment(acting=Acting(user=cotenant), person=cotenant_person, slot=time, topic="rent")
    inbox = Message.objects.get(person=cotenant_person, channel="portal")
    assert inbox.language == "nl" and "Rue Haute 100" in inbox.body


@pytest.mark.django_db
def test_a_time_already_booked_is_refused_in_words(tenant, tenant_person, neighbour, neighbour_person, agency):
    time = slot(agency)
    appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=time)
    with pytest.raises(DomainError) as refused:
        appointments.book_appointment(acting=Acting(user=neighbour), person=neighbour_person, slot=time)
    assert "Quelqu'un vient de réserver ce moment." in str(refused.value.message)
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_a_time_in_the_past_is_refused_in_words(tenant, tenant_person, agency):
    past = slot(agency, start=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(DomainError) as refused:
        appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=past)
    assert "Ce moment est passé." in str(refused.value.message)
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_a_time_of_another_agency_is_refused(tenant, tenant_person, other_agency):
    with pytest.raises(DomainError):
        appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=slot(other_agency))


@pytest.mark.django_db
def test_moving_frees_the_old_time_and_books_the_new_one(tenant, tenant_person, neighbour, neighbour_person, agency):
    first, second = slot(agency), slot(agency, start=timezone.now() + dt.timedelta(days=3))
    booked = appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=first)
    moved = appointments.move_appointment(acting=Acting(user=tenant), appointment=booked, slot=second)
    assert moved.slot == second
    appointments.book_appointment(acting=Acting(user=neighbour), person=neighbour_person, slot=first)
    assert Appointment.objects.filter(state=AppointmentState.BOOKED).count() == 2


@pytest.mark.django_db
def test_a_reminder_goes_the_day_before_on_the_persons_channels_and_once(
    tenant, tenant_person, cotenant, cotenant_person, agency
):
    """SMS, paper and immediate confirmations: see test_appointment_reminders_channels.py."""
    tomorrow_10 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(TUESDAY_9 - dt.timedelta(days=2), tick=False):
        appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=slot(agency, start=tomorrow_10))
        appointments.book_appointment(acting=Acting(user=cotenant), person=cotenant_person,
                                      slot=slot(agency, start=tomorrow_10 + dt.timedelta(hours=1)))
    Message.objects.all().delete()
    with time_machine.travel(TUESDAY_9, tick=False):
        assert appointments.send_reminders(acting=Acting.system()) == 2
        assert appointments.send_reminders(acting=Acting.system()) == 0
    assert Message.objects.get(person=tenant_person, channel="email").body.startswith("Rappel")
    assert not Message.objects.filter(person=tenant_person, channel="sms").exists(), "SMS not chosen"
    assert not Message.objects.filter(channel="letter").exists(), "a letter posted the day before comes too late"


@pytest.mark.django_db
def test_a_tenant_books_and_cancels_from_the_portal(client, tenant, tenant_person, agency):
    time = slot(agency)
    client.force_login(tenant)
    page = client.get(reverse("portal:appointment-book"), {"kind": "counter"}).content.decode()
    assert f'value="{time.pk}"' in page
    response = client.post(reverse("portal:appointment-book"), {"kind": "counter", "slot": time.pk, "topic": "rent"})
    assert response.status_code == 302
    booked = Appointment.objects.get()
    client.post(reverse("portal:appointment-cancel", args=[booked.pk]))
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED


@pytest.mark.django_db
def test_a_time_taken_meanwhile_is_refused_in_words_on_the_portal(client, tenant, neighbour, neighbour_person, agency):
    time = slot(agency)
    appointments.book_appointment(acting=Acting(user=neighbour), person=neighbour_person, slot=time)
    client.force_login(tenant)
    page = client.post(reverse("portal:appointment-book"), {"kind": "counter", "slot": time.pk, "topic": "rent"})
    assert "Quelqu&#x27;un vient de réserver ce moment." in page.content.decode()


def test_two_tenants_clicking_at_the_same_moment_get_one_booking(transactional_db, tenant_person, neighbour_person,
                                                                 agency):
    """Two threads, two database connections, one barrier: on PostgreSQL the two bookings really
    run at once (SQLite queues the second writer); either way the database lets one through."""
    time = slot(agency)
    start = threading.Barrier(2)
    outcomes = []

    def book(person):
        for _attempt in range(20):
            try:
                return appointments.book_appointment(acting=Acting.system(), person=person, slot=time)
            except OperationalError:  # SQLite's shared test database: "table is locked", the click is retried
                time_module.sleep(0.05)
        raise AssertionError("the database stayed locked")

    def click(person):
        try:
            start.wait()
            book(person)
            outcomes.append("booked")
        except DomainError as exc:
            outcomes.append(str(exc.message))
        except Exception as exc:  # noqa: BLE001 - shown in the assertion below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(p,)) for p in (tenant_person, neighbour_person)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("booked") == 1, outcomes
    assert Appointment.objects.filter(slot=time, state=AppointmentState.BOOKED).count() == 1
