import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from palier.core.acting import Acting
from palier.notifications import services
from palier.notifications.models import Channel, Message, State
from palier.notifications.tasks import deliver_message

pytestmark = pytest.mark.django_db


def queue(channel=Channel.EMAIL, to="amina.benali@example.org", **kw):
    return services.queue_message(acting=Acting.system(), channel=channel, to=to, subject="Your code",
                                  body="Your code is 123456.", language="fr", **kw)


def test_an_email_arrives_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["amina.benali@example.org"]]
    assert mail.outbox[0].body == "Your code is 123456."
    message.refresh_from_db()
    assert message.state == State.SENT and message.sent_at is not None and message.attempts == 1


def test_an_sms_arrives_in_the_memory_outbox(django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        queue(channel=Channel.SMS, to="+32470123456")
    assert [(s.to, s.body) for s in sms_outbox] == [("+32470123456", "Your code is 123456.")]


def test_a_message_is_not_sent_twice_when_the_task_runs_twice(django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(channel=Channel.SMS, to="+32470123456")
    assert deliver_message.call(message.pk) == "skipped"
    services.deliver(message_id=message.pk)
    assert len(sms_outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abort), transaction.atomic():
        queue()
        raise Abort
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_the_same_idempotency_key_queues_one_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(idempotency_key="rent-notice-2026-12-42")
        second = queue(idempotency_key="rent-notice-2026-12-42")
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_a_provider_failure_leaves_the_message_queued_for_a_later_try(settings, django_capture_on_commit_callbacks):
    settings.PALIER_SMS_BACKEND = "http"
    settings.PALIER_SMS_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(channel=Channel.SMS, to="+32470123456")
    message.refresh_from_db()
    assert message.state == State.QUEUED and message.attempts == 1
    assert "PALIER_SMS_URL" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(minutes=1)


def test_a_message_that_fails_five_times_is_given_up_with_the_reason(settings, django_capture_on_commit_callbacks):
    settings.PALIER_SMS_BACKEND = "http"
    settings.PALIER_SMS_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(channel=Channel.SMS, to="+32470123456")
    for _ in range(services.MAX_ATTEMPTS - 1):
        services.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == State.FAILED and message.attempts == services.MAX_ATTEMPTS
    assert "PALIER_SMS_URL" in message.last_error


def test_a_message_whose_provider_is_back_is_sent_by_the_sweep(settings, sms_outbox, django_capture_on_commit_callbacks):
    settings.PALIER_SMS_BACKEND = "http"
    settings.PALIER_SMS_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(channel=Channel.SMS, to="+32470123456")
    settings.PALIER_SMS_BACKEND = "memory"
    with time_machine.travel(timezone.now() + timedelta(minutes=13)), django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stuck_messages() == 1
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 2
    assert len(sms_outbox) == 1


def test_the_console_backend_writes_the_sms_to_the_log(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PALIER_SMS_BACKEND = "console"
    settings.PALIER_SMS_LOG = tmp_path / "sms.log"
    with django_capture_on_commit_callbacks(execute=True):
        queue(channel=Channel.SMS, to="+32470123456")
    assert "Your code is 123456." in (tmp_path / "sms.log").read_text()


def test_a_message_stuck_in_sending_is_requeued_and_sent_after_ten_minutes(
    django_capture_on_commit_callbacks, sms_outbox
):
    message = queue(channel=Channel.SMS, to="+32470123456")  # callbacks not run: the worker "crashed"
    Message.objects.filter(pk=message.pk).update(state=State.SENDING, claimed_at=timezone.now(), attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stuck_messages() == 0
    assert sms_outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("requeue_stuck_messages", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 2
    assert len(sms_outbox) == 1
