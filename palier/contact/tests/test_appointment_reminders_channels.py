"""Appointment reminders and confirmations go through the person's own channels: a text message
only to who chose SMS and has a mobile number, a letter only when it arrives in time (at booking,
three days ahead or more), an immediate confirmation for a booking too close for the daily run,
and each reminder once."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from palier import testing as t
from palier.accounts.identifiers import is_mobile_phone
from palier.contact import appointments
from palier.contact.models import Appointment, AppointmentSlot
from palier.core.acting import Acting
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
SUNDAY_9 = dt.datetime(2026, 11, 29, 9, 0, tzinfo=BRUSSELS)
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=BRUSSELS)
TUESDAY_17 = dt.datetime(2026, 12, 1, 17, 0, tzinfo=BRUSSELS)
TUESDAY_18 = dt.datetime(2026, 12, 1, 18, 0, tzinfo=BRUSSELS)
WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=BRUSSELS)
NO_LETTER = "Nous n'envoyons pas de lettre : elle arriverait après le rendez-vous."


def slot(agency, start, kind="counter"):
    return AppointmentSlot.objects.create(agency=agency, kind=kind, starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))


def book(person, agency, start, when):
    with time_machine.travel(when, tick=False):
        return appointments.book_appointment(acting=Acting.system(), person=person, slot=slot(agency, start))


def remind(when):
    with time_machine.travel(when, tick=False):
        return appointments.send_reminders(acting=Acting.system())


def sent(appointment, what):
    """The channels of the messages of one kind (booked, moved, reminder…) about `appointment`."""
    return sorted(Message.objects.filter(idempotency_key__startswith=f"appointment-{appointment.pk}-{what}:")
                  .values_list("channel", flat=True))


@pytest.fixture
def landline_person(tenancy, tenant_person):
    """Chose SMS, but the number on file is a fixed line."""
    return t.person(tenancy.household, "Rachid", "Benali", phone="02 555 01 23", by_sms=True)


@pytest.fixture
def paper_person(neighbour_tenancy, neighbour_person):
    """Reads letters only: no account, no email, no phone."""
    person = t.person(neighbour_tenancy.household, "Maria", "Peeters", with_account=False)
    person.by_portal = False
    person.save(update_fields=["by_portal"])
    return person


@pytest.fixture
def sms_person(neighbour_person):
    neighbour_person.by_sms = True
    neighbour_person.save(update_fields=["by_sms"])
    return neighbour_person


def test_mobile_numbers_are_told_from_landlines():
    assert is_mobile_phone("0470 12 34 56") and is_mobile_phone("+33 6 12 34 56 78")
    assert not is_mobile_phone("02 555 01 23") and not is_mobile_phone("+32 2 555 01 10")
    assert not is_mobile_phone("+33 1 23 45 67 89") and not is_mobile_phone("")


def test_a_text_message_reminds_only_who_chose_sms_and_has_a_mobile(tenant_person, sms_person, landline_person,
                                                                    agency):
    amina = book(tenant_person, agency, WEDNESDAY_10, SUNDAY_9)
    jan = book(sms_person, agency, WEDNESDAY_10 + dt.timedelta(hours=1), SUNDAY_9)
    rachid = book(landline_person, agency, WEDNESDAY_10 + dt.timedelta(hours=2), SUNDAY_9)

    assert remind(TUESDAY_17) == 3

    assert sent(jan, "reminder") == ["portal", "sms"]
    assert "sms" not in sent(amina, "reminder"), "a mobile on file, but SMS not chosen"
    assert sent(amina, "reminder") == ["email", "portal"]
    assert sent(rachid, "reminder") == ["portal"], "SMS chosen, but a landline cannot receive it"
    assert "sms" not in sent(rachid, "booked")
    sms = Message.objects.get(idempotency_key=f"appointment-{jan.pk}-reminder:sms")
    assert sms.to == "+32471987654" and sms.body.startswith("Herinnering")


def test_the_reminder_of_the_day_before_never_goes_on_paper(cotenant_person, paper_person, agency):
    youssef = book(cotenant_person, agency, WEDNESDAY_10, SUNDAY_9)
    maria = book(paper_person, agency, WEDNESDAY_10 + dt.timedelta(hours=1), SUNDAY_9)

    remind(TUESDAY_17)

    assert sent(youssef, "reminder") == ["portal"], "a letter posted the day before would come too late"
    assert sent(maria, "reminder") == []
    assert sent(maria, "booked") == ["letter"], "her letter went when she booked, three days ahead"


def test_a_paper_reader_gets_a_letter_at_booking_three_days_ahead(paper_person, agency):
    maria = book(paper_person, agency, WEDNESDAY_10, SUNDAY_9)
    letter = Message.objects.get(idempotency_key=f"appointment-{maria.pk}-booked:letter")
    assert "Rue Haute 100" in letter.body and "Nous n'envoyons pas" not in letter.body


def test_a_booking_too_close_for_a_letter_gets_none_and_the_confirmation_says_so(cotenant_person, agency):
    with time_machine.travel(MONDAY_9, tick=False):
        youssef = appointments.book_appointment(acting=Acting.system(), person=cotenant_person,
                                                slot=slot(agency, WEDNESDAY_10))
        assert appointments.letter_too_late(youssef)
    assert sent(youssef, "booked") == ["portal"]
    inbox = Message.objects.get(idempotency_key=f"appointment-{youssef.pk}-booked:portal")
    assert "We sturen geen brief" in inbox.body


def test_a_paper_only_tenant_too_close_for_a_letter_gets_the_inbox_instead(tenant_person, agency):
    tenant_person.by_portal = tenant_person.by_email = False
    tenant_person.save(update_fields=["by_portal", "by_email"])
    with time_machine.travel(MONDAY_9, tick=False):
        amina = appointments.book_appointment(acting=Acting.system(), person=tenant_person,
                                              slot=slot(agency, WEDNESDAY_10))
    assert sent(amina, "booked") == ["portal"]
    assert NO_LETTER in Message.objects.get(idempotency_key=f"appointment-{amina.pk}-booked:portal").body


def test_the_agent_is_told_when_a_paper_reader_gets_no_letter(client, agent, tenancy, tenant_person, agency):
    tenant_person.by_portal = tenant_person.by_email = False
    tenant_person.save(update_fields=["by_portal", "by_email"])
    with time_machine.travel(MONDAY_9, tick=True):
        time = slot(agency, WEDNESDAY_10)
        client.force_login(agent)
        response = client.post(reverse("backoffice:appointment-book", args=[tenancy.pk]), {
            "person": tenant_person.pk, "slot": time.pk, "topic": "rent", "channel": "phone"}, follow=True)
    page = response.content.decode()
    assert "Amina Benali ne reçoit pas de lettre : elle arriverait trop tard." in page
    assert not Message.objects.filter(person=tenant_person, channel="letter").exists()


def test_a_booking_for_tomorrow_made_after_the_reminder_run_is_confirmed_at_once(sms_person, agency):
    assert remind(TUESDAY_17) == 0
    jan = book(sms_person, agency, WEDNESDAY_10, TUESDAY_18)

    assert sent(jan, "booked") == ["portal", "sms"], "the confirmation goes at once and stands for the reminder"
    assert Appointment.objects.get(pk=jan.pk).reminded_at is not None
    assert remind(TUESDAY_18 + dt.timedelta(minutes=5)) == 0
    assert sent(jan, "reminder") == []


def test_a_booking_for_later_today_is_confirmed_at_once_and_never_reminded_again(sms_person, agency):
    jan = book(sms_person, agency, TUESDAY_18 + dt.timedelta(hours=1), TUESDAY_17)
    assert sent(jan, "booked") == ["portal", "sms"]
    assert Appointment.objects.get(pk=jan.pk).reminded_at is not None


def test_a_move_to_tomorrow_is_confirmed_at_once_and_not_reminded_twice(sms_person, agency):
    jan = book(sms_person, agency, WEDNESDAY_10 + dt.timedelta(days=7), SUNDAY_9)
    with time_machine.travel(TUESDAY_18, tick=False):
        moved = appointments.move_appointment(acting=Acting.system(), appointment=jan, slot=slot(agency, WEDNESDAY_10))
    assert sent(moved, "moved") == ["portal", "sms"]
    assert remind(TUESDAY_18 + dt.timedelta(minutes=5)) == 0


def test_each_reminder_goes_once_even_when_a_run_is_repeated(sms_person, agency):
    jan = book(sms_person, agency, WEDNESDAY_10, SUNDAY_9)
    assert remind(TUESDAY_17) == 1
    assert remind(TUESDAY_17) == 0
    # A run that died before marking its reminders is run again: the outbox keys hold.
    Appointment.objects.filter(pk=jan.pk).update(reminded_at=None)
    remind(TUESDAY_17 + dt.timedelta(minutes=5))
    assert sent(jan, "reminder") == ["portal", "sms"]
