"""Set-based queuing (INSERT … SELECT): same people, channels, addresses and texts as the
per-person rule, in a constant number of queries, once."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palier import testing as t
from palier.accounts.identifiers import normalise_phone
from palier.contact.services import urgent_channels
from palier.core.acting import Acting
from palier.notifications.bulk import queue_to_persons
from palier.notifications.models import Message, State
from palier.tenancies.models import Person

pytestmark = pytest.mark.django_db

TEXTS = {
    "fr": {"subject": "Urgent : coupure d'eau", "body": "L'eau sera coupée demain.", "sms": "Urgent : eau coupée"},
    "nl": {"subject": "Dringend: waterafsluiting", "body": "Morgen geen water.", "sms": "Dringend: geen water"},
}


def queue(persons, topic="announcement:1", texts=TEXTS):
    return queue_to_persons(acting=Acting.system(), persons=persons, texts=texts, topic=topic)


def household(building, n):
    household, _ = t.household_with_tenancy(t.dwelling(building, unit=f"B{n}"), name=f"Famille {n}")
    return household


def rows(topic="announcement:1"):
    return {(m.person_id, m.channel): m for m in Message.objects.filter(topic=topic)}


def test_every_combination_of_choices_gets_the_same_channels_as_the_per_person_rule(building):
    home = household(building, 1)
    persons = []
    for n, (by_email, by_sms, by_portal, by_post, has_email, has_phone, account) in enumerate(
            itertools.product([False, True], repeat=7)):
        person = t.person(home, f"P{n}", "Test", with_account=account, email=f"p{n}@example.org" if has_email else "",
                          phone=f"0470 12 {n:04d}" if has_phone else "")
        Person.objects.filter(pk=person.pk).update(by_email=by_email, by_sms=by_sms, by_portal=by_portal,
                                                   by_post=by_post)
        persons.append(person.pk)
    queue(Person.objects.filter(pk__in=persons))
    written = rows()
    for person in Person.objects.filter(pk__in=persons):
        expected = sorted(urgent_channels(person))
        got = sorted((channel, message.to) for (pk, channel), message in written.items() if pk == person.pk)
        assert got == expected, person.first_name


@pytest.mark.parametrize("typed", ["0470 12 34 56", "0470/12.34.56", "0032 (470) 12-34-56", "+33 6 12 34 56 78",
                                   "+32470123456", "0470\t123456", "0470 12 34 56 (soir)"])
def test_phone_numbers_are_normalised_as_one_by_one(building, typed):
    person = t.person(household(building, 1), "Amina", "B", phone=typed, by_sms=True, with_account=False)
    queue(Person.objects.filter(pk=person.pk))
    assert rows()[(person.pk, "sms")].to == normalise_phone(typed)


def test_a_phone_number_without_digits_gets_a_letter_instead(building):
    person = t.person(household(building, 1), "Amina", "B", phone="inconnu", by_sms=True, with_account=False)
    queue(Person.objects.filter(pk=person.pk))
    assert set(rows()) == {(person.pk, "letter")}


def test_each_person_gets_the_text_of_their_language_or_the_french_one(building):
    home = household(building, 1)
    dutch = t.person(home, "Jan", "D", language="nl", email="jan@example.org", by_email=True, phone="0470000001",
                     by_sms=True)
    german = t.person(home, "Uwe", "G", language="de", email="uwe@example.org", by_email=True)
    queue(Person.objects.filter(pk__in=[dutch.pk, german.pk]))
    written = rows()
    assert (written[(dutch.pk, "email")].subject, written[(dutch.pk, "email")].body) == (
        "Dringend: waterafsluiting", "Morgen geen water.")
    assert written[(dutch.pk, "email")].language == "nl"
    assert written[(dutch.pk, "sms")].body == "Dringend: geen water"
    assert (written[(german.pk, "email")].body, written[(german.pk, "email")].language) == (
        "L'eau sera coupée demain.", "fr")


def test_inbox_messages_are_delivered_and_the_others_wait_for_the_worker(building):
    home = household(building, 1)
    inbox = t.person(home, "Ines", "I", with_account=True)
    Person.objects.filter(pk=inbox.pk).update(by_post=False)
    mailer = t.person(home, "Marc", "M", email="marc@example.org", by_email=True, with_account=False)
    queue(Person.objects.filter(pk__in=[inbox.pk, mailer.pk]))
    written = rows()
    assert set(written) == {(inbox.pk, "portal"), (mailer.pk, "email")}
    portal, email = written[(inbox.pk, "portal")], written[(mailer.pk, "email")]
    assert (portal.state, portal.user_id, portal.sent_at is not None) == (State.DELIVERED, inbox.user_id, True)
    assert (email.state, email.to, email.attempts, email.claim_token, email.sent_at) == (
        State.QUEUED, "marc@example.org", 0, "", None)
    assert email.idempotency_key == f"announcement:1-{mailer.pk}-email"
    assert email.created_at is not None


def test_queuing_twice_writes_nothing_new(building):
    person = t.person(household(building, 1), "Amina", "B", email="a@example.org", by_email=True,
                      phone="0470000001", by_sms=True)
    assert queue(Person.objects.filter(pk=person.pk)) == 2
    assert queue(Person.objects.filter(pk=person.pk)) == 0
    assert Message.objects.count() == 2


def test_the_french_text_is_required(building):
    with pytest.raises(ValueError):
        queue(Person.objects.all(), texts={"nl": TEXTS["nl"]})


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(building, django_capture_on_commit_callbacks):
    def count(n, topic):
        for i in range(n):
            t.person(household(building, f"{topic}{i}"), f"P{i}", "T", email=f"{topic}{i}@example.org",
                     by_email=True, phone=f"047{len(topic)}{ord(topic[0])}{i:04d}", by_sms=True, with_account=i % 2 == 0)
        with CaptureQueriesContext(connection) as captured:
            queue(Person.objects.filter(first_name__startswith="P", household__name__startswith=f"Famille {topic}"),
                  topic=topic)
        return len(captured), Message.objects.filter(topic=topic).count()

    few_queries, few = count(3, "a")
    many_queries, many = count(30, "b")
    assert (few, many) == (6, 60)
    assert few_queries == many_queries
