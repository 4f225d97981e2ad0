"""How each channel delivers one outbox message. A sender raises on failure.

Email and SMS go out through their providers. Inbox messages are delivered by being stored (the
tenant reads them in the portal); letters wait for the daily paper batch (`paper.py`)."""

import contextlib
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from palier.estates.models import Landlord

from .models import Channel, Message
from .sms import send_sms

logger = logging.getLogger(__name__)


def _email(message: Message, *, connection=None) -> None:
    """A plain-text email with an HTML twin, both in the message's language. The Message-ID is
    derived from the outbox key, so a copy sent twice after a lost answer is the same email to the
    receiving server."""
    with translation.override(message.language):
        html = render_to_string("notifications/email.html", {
            "message": message, "landlord": Landlord.current(), "language": message.language,
        })
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to],
        headers={"Content-Language": message.language, "X-Palier-Message": message.idempotency_key,
                 "Message-ID": f"<{message.idempotency_key}@palier.outbox>"},
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    if connection is None:
        email.send(using="default")
    else:
        email.send()


def _sms(message: Message) -> None:
    send_sms(message.to, message.body, key=message.idempotency_key)


def _stored(message: Message) -> None:
    """Storing the row is the delivery (inbox), or the batch prints it (letter)."""


SENDERS = {Channel.EMAIL: _email, Channel.SMS: _sms, Channel.PORTAL: _stored, Channel.LETTER: _stored}


class _EmailBatch:
    """One connection to the mail server for a whole batch of emails, opened at the first email
    and closed at the end (instead of a connection, a greeting and a goodbye per email). After a
    failure the connection is dropped, and the next email opens a fresh one."""

    def __init__(self):
        self.connection = None

    def send(self, message: Message) -> None:
        if self.connection is None:
            connection = mail.mailers["default"]
            connection.open()
            self.connection = connection
        try:
            _email(message, connection=self.connection)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            with contextlib.suppress(Exception):  # the server may already be gone
                connection.close()


@contextlib.contextmanager
def batch_senders() -> Iterator[dict[str, Callable[[Message], None]]]:
    """SENDERS for a batch of messages: emails share one connection, closed when the batch ends."""
    emails = _EmailBatch()
    try:
        yield {**SENDERS, Channel.EMAIL: emails.send}
    finally:
        emails.close()
