"""Delivery for real: retries for about four hours, the letter that replaces a failed SMS, the
sweep after a worker dies, and nothing sent twice."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from palier.core.acting import Acting
from palier.notifications import services, sms
from palier.notifications.models import Channel, Message, State

pytestmark = pytest.mark.django_db


class Provider:
    """An SMS provider we can switch off and on."""

    def __init__(self):
        self.up = True
        self.received = []

    def __call__(self, to, body, key=""):
        if not self.up:
            raise sms.SMSError("SMS provider unreachable: connection refused")
        self.received.append((to, body, key))


@pytest.fixture
def provider(settings, monkeypatch):
    backend = Provider()
    monkeypatch.setitem(sms.BACKENDS, "flaky", backend)
    settings.PALIER_SMS_BACKEND = "flaky"
    return backend


def queue_sms(person=None, n=1):
    return [services.queue_message(acting=Acting.system(), channel=Channel.SMS, to="+32470123456",
                                   body=f"Coupure d'eau demain ({i}).", person=person) for i in range(n)]


def run_worker_every_five_minutes(start, minutes, *, capture):
    """What the periodic sweep does in production: every five minutes, take back and send."""
    for step in range(0, minutes + 1, 5):
        with time_machine.travel(start + timedelta(minutes=step), tick=False), capture(execute=True):
            services.requeue_stuck_messages()
            services.deliver_due()


def test_a_provider_down_for_two_hours_loses_nothing_and_sends_nothing_twice(
    provider, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        provider.up = False
        with django_capture_on_commit_callbacks(execute=True):
            queue_sms(n=3)
    run_worker_every_five_minutes(start, 120, capture=django_capture_on_commit_callbacks)
    assert provider.received == []
    assert set(Message.objects.values_list("state", flat=True)) == {State.QUEUED}
    provider.up = True
    run_worker_every_five_minutes(start + timedelta(minutes=125), 130, capture=django_capture_on_commit_callbacks)
    assert sorted(body for _, body, _ in provider.received) == [
        "Coupure d'eau demain (0).", "Coupure d'eau demain (1).", "Coupure d'eau demain (2)."]
    assert set(Message.objects.values_list("state", flat=True)) == {State.SENT}


def test_the_provider_gets_the_same_key_for_the_same_message(provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = queue_sms()
    assert provider.received[0][2] == message.idempotency_key


def test_an_sms_that_fails_for_four_hours_is_given_up_and_becomes_a_letter(
    provider, tenant_person, django_capture_on_commit_callbacks
):
    provider.up = False
    start = timezone.now()
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        [message] = queue_sms(person=tenant_person)
    run_worker_every_five_minutes(start, 3 * 60 + 50, capture=django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.state == State.QUEUED, "still tried after three hours fifty"
    run_worker_every_five_minutes(start + timedelta(hours=3, minutes=55), 60, capture=django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.state == State.FAILED and message.attempts == services.MAX_ATTEMPTS
    assert "unreachable" in message.last_error
    letter = Message.objects.get(fallback_of=message)
    assert letter.channel == Channel.LETTER and letter.state == State.QUEUED
    assert letter.body == message.body and letter.person == tenant_person


def test_a_worker_killed_mid_batch_neither_loses_nor_doubles_a_message(provider, django_capture_on_commit_callbacks):
    queue_sms(n=5)  # no commit callbacks run: only our workers send
    token, claimed = services._claim(services.due_messages(), 5)
    for message in claimed[:2]:
        services._send_claimed(message, token)
    # The worker dies here. Another worker finds nothing to do: the three others are leased.
    assert services.deliver_due() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=11)), django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stuck_messages() == 3
    assert sorted(body[-4:] for _, body, _ in provider.received) == ["(0).", "(1).", "(2).", "(3).", "(4)."]
    assert Message.objects.filter(state=State.SENT).count() == 5


def test_two_workers_never_claim_the_same_message(provider):
    queue_sms(n=6)
    first_token, first = services._claim(services.due_messages(), 4)
    second_token, second = services._claim(services.due_messages(), 4)
    assert len(first) == 4 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}


def test_a_late_worker_cannot_overwrite_the_outcome_of_a_message_taken_back(provider):
    [message] = queue_sms()
    token, _claimed = services._claim(services.due_messages(), 1)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        services.requeue_stuck_messages()
        services.deliver_due()
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 2
    stale = Message.objects.get(pk=message.pk)
    stale.attempts = 1
    services._send_claimed(stale, token)  # the first worker wakes up
    message.refresh_from_db()
    assert message.state == State.SENT and message.claim_token == ""


def test_inbox_messages_are_delivered_at_once_and_letters_wait_for_the_batch(tenant_person, tenant):
    inbox = services.queue_message(acting=Acting.system(), channel=Channel.PORTAL, to="", body="Bonjour",
                                   person=tenant_person, user=tenant)
    letter = services.queue_message(acting=Acting.system(), channel=Channel.LETTER, to="", body="Bonjour",
                                    person=tenant_person)
    assert inbox.state == State.DELIVERED
    assert services.deliver_due() == 0
    letter.refresh_from_db()
    assert letter.state == State.QUEUED


def test_a_person_is_notified_in_their_language_on_each_channel_they_chose(
    tenant_person, cotenant_person, sms_outbox, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy as _

    cotenant_person.by_sms, cotenant_person.phone = True, "0471 22 33 44"
    cotenant_person.save()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (tenant_person, cotenant_person):
            services.notify(acting=Acting.system(), person=person, key=f"test-{person.pk}",
                            render=lambda: (_("Your agency answered your message"), _("Sign in to read it.")))
    assert [m.subject for m in mail.outbox] == ["Votre agence a répondu à votre message"]
    assert mail.outbox[0].alternatives[0][0].startswith("<!doctype html>\n<html lang=\"fr\">")
    assert [s.to for s in sms_outbox] == ["+32471223344"]
    assert sms_outbox[0].body == "Log in om het te lezen."
    channels = sorted(Message.objects.filter(person=cotenant_person).values_list("channel", flat=True))
    assert channels == ["letter", "portal", "sms"]


def test_notifying_twice_with_the_same_key_sends_once(tenant_person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.notify(acting=Acting.system(), person=tenant_person, key="same",
                            render=lambda: ("Sujet", "Texte"))
    assert len(mail.outbox) == 1


def test_staff_send_a_failed_message_again(provider, agent, tenant_person, django_capture_on_commit_callbacks):
    [message] = queue_sms(person=tenant_person)
    Message.objects.filter(pk=message.pk).update(state=State.FAILED, attempts=8, last_error="gone")
    message.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_message(acting=Acting(user=agent), message=message)
    message.refresh_from_db()
    assert message.state == State.SENT and len(provider.received) == 1
    assert not services.retry_message(acting=Acting(user=agent), message=message)


def test_two_workers_running_at_once_send_each_message_once(transactional_db, provider):
    """Two threads, two connections (on PostgreSQL: SKIP LOCKED claims), forty messages."""
    import threading
    import time as time_module

    from django.db import OperationalError, connections

    queue_sms(n=40)
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            for _attempt in range(50):
                try:
                    while services.deliver_due(limit=5, rounds=1):
                        pass
                    return
                except OperationalError:  # SQLite's shared test database is locked: try again
                    time_module.sleep(0.02)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    bodies = [body for _, body, _ in provider.received]
    assert len(bodies) == 40 and len(set(bodies)) == 40
    assert Message.objects.filter(state=State.SENT).count() == 40
