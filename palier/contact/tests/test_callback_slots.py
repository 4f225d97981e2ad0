"""Call-backs by slot: a day and a half-day, tries that fail, the note that stays in the history."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.contact.models import CallbackRequest, CallbackState
from palier.contact.services import callback_not_reached, cancel_callback, close_callback, request_callback
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def ask(tenant, person, **kw):
    kw.setdefault("phone", "0470 12 34 56")
    kw.setdefault("when", "morning")
    return request_callback(acting=Acting(user=tenant), person=person, **kw)


def test_a_tenant_picks_a_day_a_half_day_and_a_topic_and_her_officer_is_told(
    tenant, tenant_person, agent, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        callback = ask(tenant, tenant_person, topic="rent", day=dt.date(2026, 12, 2), when="afternoon")
    assert (callback.day, callback.when, callback.topic) == (dt.date(2026, 12, 2), "afternoon", "rent")
    assert [m.to for m in mail.outbox] == [["nadia@foyer-demo.example"]]
    assert "+32470123456" in mail.outbox[0].body


@pytest.mark.parametrize(("day", "field"), [(dt.date(2026, 11, 27), "day"), (dt.date(2026, 12, 5), "day")])
def test_a_day_in_the_past_or_on_a_weekend_is_refused(tenant, tenant_person, day, field):
    with time_machine.travel(MONDAY, tick=False), pytest.raises(DomainError) as refused:
        ask(tenant, tenant_person, day=day)
    assert refused.value.field == field
    assert not CallbackRequest.objects.exists()


def test_not_reached_moves_the_call_to_the_next_working_day_and_tells_the_tenant(
    tenant, tenant_person, agent, sms_outbox
):
    tenant_person.by_sms = True
    tenant_person.save()
    with time_machine.travel(dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC), tick=False):  # a Friday
        callback = ask(tenant, tenant_person, day=dt.date(2026, 12, 4))
        callback = callback_not_reached(acting=Acting(user=agent), callback=callback)
    assert callback.state == CallbackState.OPEN and callback.day == dt.date(2026, 12, 7)
    message = Message.objects.get(person=tenant_person, channel="sms")
    assert "lundi 7 décembre" in message.body.lower()


def test_after_three_tries_the_tenant_is_asked_to_call_us(tenant, tenant_person, agent, agency):
    callback = ask(tenant, tenant_person)
    for _ in range(3):
        callback = callback_not_reached(acting=Acting(user=agent), callback=callback)
    assert callback.state == CallbackState.NOT_REACHED and callback.attempts == 3
    letter = Message.objects.filter(person=tenant_person, channel="letter").order_by("-pk").first()
    assert agency.phone in letter.body


def test_the_note_of_a_call_goes_into_the_contact_history(tenant, tenant_person, agent):
    callback = ask(tenant, tenant_person)
    close_callback(acting=Acting(user=agent).on_behalf_of(tenant_person, channel="phone"), callback=callback,
                   note="Plan de paiement expliqué.")
    event = AuditEvent.objects.get(action="contact.callback_done")
    assert event.data["note"] == "Plan de paiement expliqué." and event.channel == "phone"


def test_a_tenant_cancels_her_call_back(client, tenant, tenant_person):
    ask(tenant, tenant_person)
    client.force_login(tenant)
    response = client.post(reverse("portal:callback-cancel"))
    assert response.status_code == 302
    assert CallbackRequest.objects.get().state == CallbackState.CANCELLED
    assert "Votre rappel est annulé." in client.get(response["Location"]).content.decode()


def test_cancelling_twice_changes_nothing(tenant, tenant_person):
    callback = ask(tenant, tenant_person)
    cancel_callback(acting=Acting(user=tenant), callback=callback)
    cancel_callback(acting=Acting(user=tenant), callback=callback)
    assert AuditEvent.objects.filter(action="contact.callback_cancelled").count() == 1


def test_agents_see_call_backs_by_slot(client, agent, tenant, tenant_person, neighbour, neighbour_person):
    with time_machine.travel(MONDAY, tick=False):
        ask(neighbour, neighbour_person, day=dt.date(2026, 12, 3))
        ask(tenant, tenant_person, day=dt.date(2026, 12, 1))
    client.force_login(agent)
    page = client.get(reverse("backoffice:callback-list")).content.decode()
    assert page.index("Amina Benali") < page.index("Jan Peeters")
