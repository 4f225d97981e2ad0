"""How each channel delivers one outbox message. A sender raises on failure.

Email and SMS go out through their providers. Inbox messages are delivered by being stored (the
tenant reads them in the portal); letters wait for the daily paper batch (`paper.py`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from palier.estates.models import Landlord

from .models import Channel, Message
from .sms import send_sms


def _email(message: Message) -> None:
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
    )
    email.attach_alternative(html, "text/html")
    email.send(using="default")


def _sms(message: Message) -> None:
    send_sms(message.to, message.body, key=message.idempotency_key)


def _stored(message: Message) -> None:
    """Storing the row is the delivery (inbox), or the batch prints it (letter)."""


SENDERS = {Channel.EMAIL: _email, Channel.SMS: _sms, Channel.PORTAL: _stored, Channel.LETTER: _stored}
