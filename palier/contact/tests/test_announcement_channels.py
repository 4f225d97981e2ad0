"""Every announcement reaches each targeted household through the channels its adults chose, once,
at its publication time; urgent ones go by email or SMS at once, with a letter for paper readers."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.contact.models import Announcement, Kind, Target
from palier.contact.queries import announcement_reach
from palier.contact.services import publish_announcement, send_due_announcements, withdraw_announcement
from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.tenancies.models import Person

pytestmark = pytest.mark.django_db
MEETING = {"fr": ("Réunion des locataires", "Mardi à 18 h dans la salle commune."),
           "nl": ("Huurdersvergadering", "Dinsdag om 18 uur in de gemeenschappelijke zaal.")}


def household_with(building, unit, first_name, **choices):
    """A household of one adult without an account, who chose exactly `choices`."""
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit=unit), name=first_name)
    person = t.person(tenancy.household, first_name, "Test", with_account=False, email=choices.pop("email", ""),
                      phone=choices.pop("phone", ""))
    values = {"by_portal": False, "by_email": False, "by_sms": False, "by_post": False, **choices}
    Person.objects.filter(pk=person.pk).update(**values)
    return person


def channels_of(person, announcement):
    return sorted(Message.objects.filter(person=person, topic=f"announcement:{announcement.pk}")
                  .values_list("channel", flat=True))


def publish(agent, building, **kwargs):
    return publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building,
                                texts=MEETING, **kwargs)


def test_a_paper_only_household_gets_a_letter_for_a_meeting(agent, building):
    marcel = household_with(building, "1A", "Marcel", by_post=True)
    announcement = publish(agent, building)
    assert channels_of(marcel, announcement) == ["letter"]
    letter = Message.objects.get(person=marcel)
    assert (letter.subject, letter.body) == ("Réunion des locataires", "Mardi à 18 h dans la salle commune.")


def test_someone_no_channel_reaches_gets_paper(agent, building):
    nobody = household_with(building, "1B", "Jeanne")
    announcement = publish(agent, building, kind=Kind.WORKS)
    assert channels_of(nobody, announcement) == ["letter"]


def test_an_email_only_household_gets_an_email_and_no_letter(agent, building):
    lucas = household_with(building, "2A", "Lucas", email="lucas@example.org", by_email=True)
    announcement = publish(agent, building)
    assert channels_of(lucas, announcement) == ["email"]
    email = Message.objects.get(person=lucas)
    assert (email.to, email.subject) == ("lucas@example.org", "Réunion des locataires")


def test_each_adult_gets_every_channel_they_chose_in_their_language(agent, building):
    jan = household_with(building, "2B", "Jan", email="jan@example.org", phone="0470 11 22 33", by_email=True,
                         by_sms=True, by_post=True)
    Person.objects.filter(pk=jan.pk).update(language="nl")
    announcement = publish(agent, building)
    assert channels_of(jan, announcement) == ["email", "letter", "sms"]
    assert set(Message.objects.filter(person=jan).values_list("subject", flat=True)) == {"Huurdersvergadering"}


def test_an_urgent_announcement_goes_by_email_at_once_and_by_letter_to_whoever_chose_paper(agent, building):
    both = household_with(building, "3A", "Fatima", email="fatima@example.org", by_email=True, by_post=True)
    email_only = household_with(building, "3B", "Lucas", email="lucas@example.org", by_email=True)
    announcement = publish(agent, building, urgent=True)
    assert channels_of(both, announcement) == ["email", "letter"]
    assert channels_of(email_only, announcement) == ["email"]
    assert Message.objects.get(person=both, channel="email").subject == "Urgent\u00a0: Réunion des locataires"


def test_a_scheduled_announcement_is_sent_at_its_time_and_the_job_running_twice_sends_nothing_twice(agent, building):
    marcel = household_with(building, "4A", "Marcel", by_post=True)
    lucas = household_with(building, "4B", "Lucas", email="lucas@example.org", by_email=True)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    announcement = publish(agent, building, publish_at=tomorrow)
    assert not Message.objects.exists()
    assert send_due_announcements(acting=Acting.system()) == 0
    with time_machine.travel(tomorrow + dt.timedelta(minutes=1)):
        assert send_due_announcements(acting=Acting.system()) == 2
        assert send_due_announcements(acting=Acting.system()) == 0
    assert channels_of(marcel, announcement) == ["letter"]
    assert channels_of(lucas, announcement) == ["email"]


def test_one_published_now_is_not_sent_again_by_the_job(agent, building):
    household_with(building, "5A", "Marcel", by_post=True)
    publish(agent, building)
    assert send_due_announcements(acting=Acting.system()) == 0
    assert Message.objects.count() == 1


def test_one_withdrawn_or_expired_before_its_time_is_never_sent(agent, building):
    household_with(building, "6A", "Marcel", by_post=True)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    withdrawn = publish(agent, building, publish_at=tomorrow)
    withdraw_announcement(acting=Acting(user=agent), announcement=withdrawn)
    publish(agent, building, publish_at=tomorrow, expires_at=tomorrow + dt.timedelta(hours=1))
    with time_machine.travel(tomorrow + dt.timedelta(hours=2)):
        assert send_due_announcements(acting=Acting.system()) == 0
    assert not Message.objects.exists()


def test_announcements_shown_before_the_upgrade_are_not_sent_late(agent, building):
    household_with(building, "7A", "Marcel", by_post=True)
    old = publish(agent, building)
    Message.objects.all().delete()
    Announcement.objects.filter(pk=old.pk).update(messages_queued_at=None)
    migration = importlib.import_module("palier.contact.migrations.0005_past_announcements_are_not_sent")
    migration.mark_past_announcements_as_sent(apps, None)
    assert send_due_announcements(acting=Acting.system()) == 0
    assert not Message.objects.exists()


def test_staff_see_a_meeting_s_letters_and_emails_on_the_reach_page(client, agent, building):
    household_with(building, "8A", "Marcel", by_post=True)
    household_with(building, "8B", "Lucas", email="lucas@example.org", by_email=True)
    announcement = publish(agent, building)
    assert {channel: row["total"] for channel, row in announcement_reach(announcement)["by_channel"].items()} == {
        "letter": 1, "email": 1}
    client.force_login(agent)
    page = client.get(reverse("backoffice:announcement-detail", args=[announcement.pk])).content.decode()
    assert "Messages mis en file" in page
    assert '<th scope="row">Lettre</th><td>1</td>' in page
    assert '<th scope="row">E-mail</th><td>1</td>' in page
    assert "Aucun message" not in page
