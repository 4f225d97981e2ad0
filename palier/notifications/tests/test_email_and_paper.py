"""Email through a real SMTP server, and the daily letters for the print room."""

import socket
import subprocess
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from palier.core.acting import Acting
from palier.notifications import services
from palier.notifications.models import Channel, Message, PaperBatch, State
from palier.notifications.paper import print_daily_letters

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - the aiosmtpd API
        self.received.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": port}}}
    yield inbox
    controller.stop()


def test_an_email_reaches_a_real_smtp_server_in_the_persons_language(
    smtp_server, cotenant_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_message(
            acting=Acting.system(), channel=Channel.EMAIL, to="youssef@example.org", subject="Waterafsluiting morgen",
            body="Het water wordt morgen van 9 tot 12 uur afgesloten.", language="nl", person=cotenant_person)
    [(recipients, email)] = smtp_server.received
    assert recipients == ["youssef@example.org"]
    assert email["Subject"] == "Waterafsluiting morgen"
    assert email["Content-Language"] == "nl"
    assert email["Message-ID"] == f"<{message.idempotency_key}@palier.outbox>"
    html = email.get_body(("html",)).get_content()
    assert '<html lang="nl">' in html and "afgesloten" in html
    message.refresh_from_db()
    assert message.state == State.SENT


def test_an_smtp_server_that_is_down_leaves_the_email_queued(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_message(acting=Acting.system(), channel=Channel.EMAIL, to="a@example.org",
                                         subject="Test", body="Test")
    message.refresh_from_db()
    assert message.state == State.QUEUED and message.attempts == 1 and message.last_error


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,  # noqa: S607
                          check=True).stdout


def test_the_daily_batch_puts_every_letter_in_one_pdf_with_the_list_first(
    settings, tmp_path, tenant_person, neighbour_person
):
    settings.MEDIA_ROOT = tmp_path
    for person, body in ((tenant_person, "L'eau sera coupée jeudi."), (neighbour_person, "Het water wordt donderdag afgesloten.")):
        services.queue_message(acting=Acting.system(), channel=Channel.LETTER, to="", subject="Coupure d'eau",
                               body=body, language=person.language, person=person)
    batch = print_daily_letters(acting=Acting.system())
    assert batch.letters == 2
    text = pdf_text(batch.file.path)
    assert "2 lettres à imprimer et à poster." in text
    assert "Amina Benali" in text and "Rue des Tilleuls 12 bte 3B" in text and "1000 Bruxelles" in text
    assert "Jan Peeters" in text and "Rue des Érables 3 bte 1A" in text
    assert "Het water wordt donderdag afgesloten." in text
    assert set(Message.objects.values_list("state", flat=True)) == {State.SENT}
    assert print_daily_letters(acting=Acting.system()) is None, "a letter is printed once"
    assert PaperBatch.objects.count() == 1


def test_a_letter_without_address_is_failed_with_the_reason(settings, tmp_path, tenant_person, tenancy):
    import datetime as dt

    settings.MEDIA_ROOT = tmp_path
    tenancy.end_date = dt.date(2020, 1, 1)
    tenancy.save()
    message = services.queue_message(acting=Acting.system(), channel=Channel.LETTER, to="", body="Bonjour",
                                     person=tenant_person)
    assert print_daily_letters(acting=Acting.system()) is None
    message.refresh_from_db()
    assert message.state == State.FAILED and "postal address" in message.last_error
