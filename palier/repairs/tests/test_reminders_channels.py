"""The day-before reminder of a repair visit reaches each household the way it chose: a text to a
mobile, else an email or the inbox; a household that reads only paper gets its reminder in the
letter that announces the visit, early enough to arrive."""

import datetime as dt

import time_machine
from django.utils import timezone

from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.repairs.services import send_appointment_reminders, set_appointment

from .helpers import report


def visit_in(days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(10)))


def book(agent, repair, days):
    at = visit_in(days)
    set_appointment(acting=Acting(user=agent), repair=repair, at=at, expected_version=repair.version)
    return at


def remind_the_day_before(at):
    with time_machine.travel(at - dt.timedelta(days=1)):
        return send_appointment_reminders(acting=Acting.system())


def reminders():
    return Message.objects.filter(body__startswith="Rappel")


def test_a_text_goes_to_a_mobile_the_household_chose(agent, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock", keep_informed=["sms", "letter"])
    assert remind_the_day_before(book(agent, repair, 5)) == 1
    assert [(m.channel, m.to) for m in reminders()] == [("sms", "+32470123456")]


def test_a_text_chosen_for_a_landline_becomes_an_email(agent, tenant_person, tenancy):
    tenant_person.phone = "02 555 44 33"
    tenant_person.save()
    repair = report(tenant_person, "door-lock", keep_informed=["sms"])
    assert remind_the_day_before(book(agent, repair, 5)) == 1
    assert [(m.channel, m.to) for m in reminders()] == [("email", "amina.benali@example.org")]


def test_email_and_inbox_chosen_are_both_reminded(agent, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock", keep_informed=["email", "portal"])
    assert remind_the_day_before(book(agent, repair, 5)) == 2
    assert {m.channel for m in reminders()} == {"email", "portal"}


def test_a_paper_only_household_gets_its_reminder_in_the_letter_announcing_the_visit(agent, tenant_person,
                                                                                     tenancy):
    repair = report(tenant_person, "door-lock", keep_informed=["letter"])
    at = book(agent, repair, 5)
    letter = Message.objects.get(person=tenant_person, channel="letter", body__contains="planifiée")
    assert "Gardez cette lettre : c'est votre rappel." in letter.body
    assert "Quelqu'un viendra le" in letter.body
    assert remind_the_day_before(at) == 0
    assert not reminders().exists()
    assert not Message.objects.filter(user=agent).exists()


def test_a_visit_too_soon_for_a_letter_asks_the_officer_to_call_a_paper_only_household(agent, tenant_person,
                                                                                         tenancy):
    repair = report(tenant_person, "door-lock", keep_informed=["letter"])
    book(agent, repair, 2)
    letter = Message.objects.get(person=tenant_person, channel="letter", body__contains="planifiée")
    assert "Gardez cette lettre" not in letter.body
    call = Message.objects.get(user=agent)
    assert repair.reference in call.body and "appelez-le" in call.body


def test_a_household_reminded_otherwise_gets_a_plain_letter_when_it_also_chose_paper(agent, tenant_person,
                                                                                      tenancy):
    repair = report(tenant_person, "door-lock", keep_informed=["sms", "letter"])
    book(agent, repair, 5)
    letter = Message.objects.get(person=tenant_person, channel="letter", body__contains="planifiée")
    assert "Gardez cette lettre" not in letter.body


def test_a_neighbour_who_said_me_too_is_reminded_through_her_own_channels(agent, tenant_person, tenancy,
                                                                          building):
    from palier import testing as t
    from palier.repairs.services import add_me_too

    lift = report(tenant_person, "common-lift-down", keep_informed=["portal"])
    _, other = t.household_with_tenancy(t.dwelling(building, unit="5A"), name="Diallo")
    awa = t.person(other.household, "Awa", "Diallo", email="awa@example.org", by_email=True)
    add_me_too(acting=Acting(user=awa.user), repair=lift, person=awa)
    lift.refresh_from_db()
    remind_the_day_before(book(agent, lift, 5))
    assert {(m.person_id, m.channel) for m in reminders()} == {
        (tenant_person.pk, "portal"), (awa.pk, "portal"), (awa.pk, "email")}
