"""The worker sends a batch of emails over one SMTP connection, and a refused email neither stops
the batch nor loses its lease guarantees."""

import socket

import pytest
from aiosmtpd.controller import Controller

from palier.core.acting import Acting
from palier.notifications import services
from palier.notifications.models import Message, State

pytestmark = pytest.mark.django_db


class Server:
    def __init__(self):
        self.received = []
        self.connections = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd API
        if address.startswith("refused"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - the aiosmtpd API
        self.connections.add(session.peer)
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    server = Server()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}
    yield server
    controller.stop()


def queue_emails(addresses):
    services.queue_many(acting=Acting.system(), messages=(
        {"channel": "email", "to": address, "subject": "Coupure d'eau", "body": "L'eau sera coupée demain.",
         "language": "fr", "idempotency_key": f"batch-{address}"} for address in addresses))


def test_a_batch_of_emails_goes_over_one_connection(smtp_server):
    addresses = [f"t{n}@example.org" for n in range(12)]
    queue_emails(addresses)
    assert services.deliver_due() == 12
    assert sorted(smtp_server.received) == sorted(addresses)
    assert len(smtp_server.connections) == 1
    assert set(Message.objects.values_list("state", "claim_token")) == {(State.SENT, "")}


def test_each_batch_opens_its_own_connection(smtp_server, monkeypatch):
    queue_emails([f"t{n}@example.org" for n in range(5)])
    assert services.deliver_due(limit=2) == 5
    assert len(smtp_server.received) == 5
    assert len(smtp_server.connections) == 3


def test_a_refused_email_is_retried_later_and_the_rest_of_the_batch_is_sent(smtp_server):
    queue_emails(["a@example.org", "refused@example.org", "b@example.org"])
    assert services.deliver_due() == 3
    assert sorted(smtp_server.received) == ["a@example.org", "b@example.org"]
    refused = Message.objects.get(to="refused@example.org")
    assert (refused.state, refused.attempts, refused.claim_token) == (State.QUEUED, 1, "")
    assert refused.next_attempt_at is not None and "Refused" in refused.last_error
    assert Message.objects.filter(state=State.SENT).count() == 2


def test_a_mail_server_that_is_down_sends_nothing_and_loses_nothing(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    queue_emails(["a@example.org", "b@example.org"])
    assert services.deliver_due() == 2
    assert set(Message.objects.values_list("state", "attempts")) == {(State.QUEUED, 1)}


def test_only_the_chosen_messages_are_sent(smtp_server):
    queue_emails(["a@example.org", "b@example.org"])
    services.deliver_due(among=Message.objects.filter(to="a@example.org"))
    assert smtp_server.received == ["a@example.org"]
    assert Message.objects.get(to="b@example.org").state == State.QUEUED
