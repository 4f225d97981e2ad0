"""How each channel delivers one outbox message. A sender raises on failure."""

from django.conf import settings
from django.core.mail import EmailMessage

from .models import Channel, Message
from .sms import send_sms


def _email(message: Message) -> None:
    email = EmailMessage(
        subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to],
        headers={"Content-Language": message.language, "X-Palier-Message": message.idempotency_key},
    )
    email.send(using="default")


def _sms(message: Message) -> None:
    send_sms(message.to, message.body)


def _stored(message: Message) -> None:
    """Portal messages are read in the inbox; letters are printed from the outbox. Storing the
    row is their delivery."""


SENDERS = {Channel.EMAIL: _email, Channel.SMS: _sms, Channel.PORTAL: _stored, Channel.LETTER: _stored}
