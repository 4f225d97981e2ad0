"""The SMS provider's delivery reports: signed, idempotent, unknown ids refused, a failure
becomes a letter."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from palier.core.acting import Acting
from palier.notifications import webhooks
from palier.notifications.models import Channel, Message, State
from palier.notifications.services import queue_message

pytestmark = pytest.mark.django_db
SECRET = "s3cret-shared-with-the-provider"
URL = "/notifications/sms/receipts/"


@pytest.fixture(autouse=True)
def configured(settings):
    settings.PALIER_SMS_WEBHOOK_SECRET = SECRET
    cache.clear()


def sent_sms(person=None, key="sms-1") -> Message:
    message = queue_message(acting=Acting.system(), channel=Channel.SMS, to="+32470123456", subject="Eau",
                            body="Coupure d'eau demain.", person=person, idempotency_key=key)
    Message.objects.filter(pk=message.pk).update(state=State.SENT)
    return message


def report(client, payload, *, secret=SECRET, signature=None, **extra):
    body = json.dumps(payload).encode()
    header = signature if signature is not None else webhooks.signature(body, secret)
    return client.post(URL, body, content_type="application/json", headers={"X-Palier-Signature": header}, **extra)


def state_of(message):
    message.refresh_from_db()
    return message.state


def test_the_address_is_the_documented_one():
    assert reverse("notifications:sms-receipt") == URL


def test_a_delivered_report_marks_the_message_delivered(client):
    message = sent_sms()
    response = report(client, {"id": message.idempotency_key, "status": "delivered"})
    assert (response.status_code, response.json()) == (200, {"result": "applied"})
    assert state_of(message) == State.DELIVERED


def test_the_same_report_twice_changes_nothing_the_second_time(client):
    message = sent_sms()
    report(client, {"id": message.idempotency_key, "status": "delivered"})
    response = report(client, {"id": message.idempotency_key, "status": "delivered"})
    assert (response.status_code, response.json()) == (200, {"result": "already"})
    assert state_of(message) == State.DELIVERED


def test_a_failed_report_fails_the_sms_and_a_letter_takes_its_place_once(client, tenant_person):
    message = sent_sms(person=tenant_person)
    for _ in range(2):
        assert report(client, {"id": message.idempotency_key, "status": "failed", "error": "unknown number"}
                      ).status_code == 200
    message.refresh_from_db()
    assert message.state == State.FAILED and "unknown number" in message.last_error and message.failed_at
    [letter] = Message.objects.filter(fallback_of=message)
    assert (letter.channel, letter.state, letter.person_id, letter.body) == (
        Channel.LETTER, State.QUEUED, tenant_person.pk, "Coupure d'eau demain.")


def test_a_forged_signature_is_refused_and_changes_nothing(client):
    message = sent_sms()
    assert report(client, {"id": message.idempotency_key, "status": "failed"}, secret="guessed").status_code == 403
    assert report(client, {"id": message.idempotency_key, "status": "failed"}, signature="").status_code == 403
    assert report(client, {"id": message.idempotency_key, "status": "failed"},
                  signature="sha256=" + "0" * 64).status_code == 403
    assert state_of(message) == State.SENT
    assert not Message.objects.filter(channel=Channel.LETTER).exists()


def test_a_body_changed_after_signing_is_refused(client):
    message = sent_sms()
    signed = webhooks.signature(json.dumps({"id": message.idempotency_key, "status": "delivered"}).encode(), SECRET)
    response = report(client, {"id": message.idempotency_key, "status": "failed"}, signature=signed)
    assert response.status_code == 403
    assert state_of(message) == State.SENT


def test_without_a_configured_secret_every_report_is_refused(client, settings):
    message = sent_sms()
    settings.PALIER_SMS_WEBHOOK_SECRET = ""
    assert report(client, {"id": message.idempotency_key, "status": "delivered"}, secret="").status_code == 403
    assert state_of(message) == State.SENT


def test_an_unknown_id_is_refused(client):
    response = report(client, {"id": "no-such-message", "status": "delivered"})
    assert (response.status_code, response.json()) == (404, {"result": "unknown"})


def test_an_email_id_is_not_a_text_message(client):
    email = queue_message(acting=Acting.system(), channel=Channel.EMAIL, to="a@example.org", body="Bonjour",
                          idempotency_key="email-1")
    Message.objects.filter(pk=email.pk).update(state=State.SENT)
    assert report(client, {"id": "email-1", "status": "failed"}).status_code == 404
    assert state_of(email) == State.SENT


def test_a_report_for_a_message_not_yet_sent_is_asked_again_later(client):
    message = queue_message(acting=Acting.system(), channel=Channel.SMS, to="+32470123456", body="Code",
                            idempotency_key="sms-early")
    response = report(client, {"id": message.idempotency_key, "status": "delivered"})
    assert response.status_code == 409
    assert state_of(message) == State.QUEUED


@pytest.mark.parametrize("payload", [{"status": "delivered"}, {"id": "sms-1", "status": "read"}, ["sms-1"],
                                     {"id": "x" * 101, "status": "delivered"}])
def test_a_malformed_report_is_refused(client, payload):
    message = sent_sms()
    assert report(client, payload).status_code == 400
    assert state_of(message) == State.SENT


def test_a_body_that_is_not_json_is_refused(client):
    body = b"id=sms-1&status=delivered"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded",
                           headers={"X-Palier-Signature": webhooks.signature(body, SECRET)})
    assert response.status_code == 400


def test_an_oversized_body_is_refused_before_anything_is_read(client):
    message = sent_sms()
    response = report(client, {"id": message.idempotency_key, "status": "failed", "error": "x" * 5000})
    assert response.status_code == 413
    assert state_of(message) == State.SENT


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_endpoint_needs_no_csrf_token_but_others_still_do(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    message = sent_sms()
    assert report(strict, {"id": message.idempotency_key, "status": "delivered"}).status_code == 200
    assert strict.post(reverse("portal:login"), {}).status_code == 403


def test_too_many_reports_from_one_address_are_slowed_down(client, monkeypatch):
    monkeypatch.setattr(webhooks, "RATE_LIMIT", 3)
    message = sent_sms()
    statuses = [report(client, {"id": message.idempotency_key, "status": "delivered"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
