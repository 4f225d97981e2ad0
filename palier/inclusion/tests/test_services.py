import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.inclusion import services
from palier.inclusion import testing as it
from palier.inclusion.models import EnrolmentState, SpaceBooking
from palier.notifications.models import Message


@pytest.fixture
def session(agency, estate, inclusion_officer, tenancy):
    workshop = it.workshop(agency, inclusion_officer)
    return it.session(workshop, inclusion_officer, estate=estate, capacity=2)


_phones = iter(range(100, 999))


def tenant_of(tenancy, first_name):
    return t.person(tenancy.household, first_name, "Benali", phone=f"+32470000{next(_phones)}", by_sms=True)


def test_a_tenant_gets_a_place_and_a_confirmation_in_her_language(session, tenant, tenant_person):
    enrolment = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    assert enrolment.state == EnrolmentState.ENROLLED
    message = Message.objects.get(person=tenant_person)
    assert message.channel == "email"
    assert "Envoyer un e-mail" in message.body and "Salle commune" in message.body
    assert AuditEvent.objects.filter(action="inclusion.enrolled").count() == 1


def test_when_the_session_is_full_the_next_person_waits_and_gets_the_freed_place(session, tenancy, tenant,
                                                                                  tenant_person):
    first = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    services.enrol(acting=Acting.system(), session=session, person=tenant_of(tenancy, "Sara"))
    late = tenant_of(tenancy, "Rachid")
    waiting = services.enrol(acting=Acting.system(), session=session, person=late)
    assert waiting.state == EnrolmentState.WAITING

    promoted = services.cancel_enrolment(acting=Acting(user=tenant), enrolment=first)

    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.ENROLLED
    assert Message.objects.filter(person=late, subject__icontains="place est libre").exists()


def test_a_person_cannot_enrol_twice_in_one_session(session, tenant, tenant_person):
    services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    with pytest.raises(DomainError, match="déjà inscrit"):
        services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)


def test_a_past_or_cancelled_session_refuses_enrolments(session, tenant, tenant_person, inclusion_officer):
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=1)):
        with pytest.raises(DomainError, match="déjà commencé"):
            services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    services.cancel_session(acting=Acting(user=inclusion_officer), session=session)
    with pytest.raises(DomainError, match="annulé"):
        services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)


def test_a_tenant_of_another_agency_cannot_enrol(session, other_agency):
    building = t.building(t.estate(other_agency, name="Cité des Acacias"), name="Bloc C")
    household, _tenancy = t.household_with_tenancy(t.dwelling(building), name="Janssens")
    person = t.person(household, "Els", "Janssens")
    with pytest.raises(DomainError, match="pas proposé près de chez vous"):
        services.enrol(acting=Acting.system(), session=session, person=person)


def test_raising_the_capacity_lets_the_waiting_list_in(session, tenancy, inclusion_officer):
    for name in ("Sara", "Rachid", "Lina"):
        services.enrol(acting=Acting.system(), session=session, person=tenant_of(tenancy, name))
    services.save_session(acting=Acting(user=inclusion_officer), session=session, workshop=session.workshop,
                          starts_at=session.starts_at, ends_at=session.ends_at, place=session.place, capacity=3)
    assert session.enrolments.filter(state=EnrolmentState.ENROLLED).count() == 3


def test_the_day_before_each_person_enrolled_gets_one_reminder(session, tenant, tenant_person):
    services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    the_day_before = timezone.localdate(session.starts_at) - dt.timedelta(days=1)
    assert services.send_session_reminders(acting=Acting.system(), on=the_day_before) == 1
    assert services.send_session_reminders(acting=Acting.system(), on=the_day_before) == 1
    assert Message.objects.filter(person=tenant_person, subject__icontains="demain").count() == 1


def test_attendance_is_taken_by_the_trainer_after_the_start(session, tenant, tenant_person, inclusion_officer):
    enrolment = services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    with pytest.raises(DomainError):
        services.take_attendance(acting=Acting(user=inclusion_officer), session=session, present={enrolment.pk})
    with time_machine.travel(session.starts_at + dt.timedelta(hours=1)):
        assert services.take_attendance(acting=Acting(user=inclusion_officer), session=session,
                                        present={enrolment.pk}) == 1
    enrolment.refresh_from_db()
    assert enrolment.attendance == "present"


@pytest.fixture
def space(estate, inclusion_officer):
    return it.space(estate, inclusion_officer)


def test_one_slot_of_a_digital_space_is_booked_once(space, tenant, tenant_person, tenancy, neighbour_person):
    slot = it.next_weekday(2, 10)
    services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person, starts_at=slot)
    with pytest.raises(DomainError, match="vient de réserver"):
        services.book_space(acting=Acting.system(), space=space, person=neighbour_person, starts_at=slot)
    assert SpaceBooking.objects.filter(space=space, state="booked").count() == 1


def test_the_database_refuses_a_second_booking_of_one_slot(space, tenant_person):
    from django.db import IntegrityError

    slot = it.next_weekday(2, 10)
    SpaceBooking.objects.create(space=space, person=tenant_person, starts_at=slot, ends_at=slot + dt.timedelta(hours=1))
    with pytest.raises(IntegrityError):
        SpaceBooking.objects.create(space=space, starts_at=slot, ends_at=slot + dt.timedelta(hours=1),
                                    blocked_reason="Entretien")


def test_a_cancelled_booking_frees_the_slot(space, tenant, tenant_person, neighbour_person):
    slot = it.next_weekday(2, 10)
    booking = services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person, starts_at=slot)
    services.cancel_booking(acting=Acting(user=tenant), booking=booking)
    again = services.book_space(acting=Acting.system(), space=space, person=neighbour_person, starts_at=slot)
    assert again.person == neighbour_person


def test_a_booking_in_the_past_or_when_closed_is_refused(space, tenant, tenant_person):
    with pytest.raises(DomainError, match="est passée"):
        services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person,
                            starts_at=timezone.now() - dt.timedelta(hours=2))
    with pytest.raises(DomainError, match="pas ouverte"):
        services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person,
                            starts_at=it.next_weekday(2, 20))


def test_a_tenant_holds_at_most_three_future_bookings(space, tenant, tenant_person):
    for hour in (9, 10, 11):
        services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person,
                            starts_at=it.next_weekday(3, hour))
    with pytest.raises(DomainError, match="déjà 3 réservations"):
        services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person,
                            starts_at=it.next_weekday(3, 12))


def test_staff_block_a_free_slot_but_not_a_booked_one(space, tenant, tenant_person, inclusion_officer):
    booked = it.next_weekday(2, 10)
    services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person, starts_at=booked)
    with pytest.raises(DomainError, match="déjà réservée"):
        services.block_slot(acting=Acting(user=inclusion_officer), space=space, starts_at=booked, reason="Entretien")
    block = services.block_slot(acting=Acting(user=inclusion_officer), space=space,
                                starts_at=it.next_weekday(2, 11), reason="Entretien")
    assert block.is_block


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter; SQLite has one writer")
def test_two_people_asking_for_the_last_place_at_once_get_one_place_and_one_wait(
        transactional_db, agency, estate, inclusion_officer, tenancy):
    workshop = it.workshop(agency, inclusion_officer)
    session = it.session(workshop, inclusion_officer, estate=estate, capacity=1)
    people = [tenant_of(tenancy, "Sara"), tenant_of(tenancy, "Rachid")]
    barrier = threading.Barrier(2)

    def ask(person):
        barrier.wait()
        try:
            services.enrol(acting=Acting.system(), session=session, person=person)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    states = sorted(session.enrolments.values_list("state", flat=True))
    assert states == ["enrolled", "waiting"]


def test_a_persons_workshops_bookings_and_answers_are_exported_then_erased(session, space, tenant, tenant_person):
    from palier.inclusion.privacy import erase_person, export_person

    services.enrol(acting=Acting(user=tenant), session=session, person=tenant_person)
    services.book_space(acting=Acting(user=tenant), space=space, person=tenant_person, starts_at=it.next_weekday(2, 10))
    services.record_self_assessment(acting=Acting(user=tenant), person=tenant_person, internet_at_home=False,
                                    devices={"smartphone"}, email="no", forms="no", banking="no", wants_help=True)
    exported = export_person(tenant_person)
    assert exported["workshops"][0]["workshop"] == "Envoyer un e-mail"
    assert exported["questions_about_the_internet"][0]["would_like_help"] is True

    lines = erase_person(tenant_person, acting=Acting.system(), now=timezone.now(), rules={}, dry_run=False)

    assert [line["count"] for line in lines] == [1, 1, 1]
    assert export_person(tenant_person) == {"workshops": [], "room_bookings": [], "questions_about_the_internet": []}
