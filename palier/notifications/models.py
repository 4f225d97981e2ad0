import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("letter")
    PORTAL = "portal", _("Palier inbox")


class State(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("could not be sent")


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class Message(models.Model):
    """One message in the outbox. It is written in the same transaction as the change that caused
    it; a worker sends it once (queued → sending → sent). A provider failure puts it back in the
    queue for a later try; after MAX_ATTEMPTS tries it is failed, with the reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    person = models.ForeignKey(
        "tenancies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254, blank=True, help_text=_("Email address or phone number"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True, default=new_idempotency_key)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When a queued message that failed is tried again.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "claimed_at"]), models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel__in=["email", "sms"]) | ~models.Q(to=""), name="message_has_address"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to or self.user_id or self.person_id}"
