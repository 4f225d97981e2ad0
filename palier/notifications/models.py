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
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("could not be sent")


# Where a message goes when its channel gave up: a text or an email that never got through
# becomes a letter, which always reaches the dwelling.
FALLBACK = {Channel.SMS: Channel.LETTER, Channel.EMAIL: Channel.LETTER}


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class PaperBatch(models.Model):
    """The letters of one day, in one PDF for the print room (window envelopes)."""

    day = models.DateField(_("day"), db_index=True)
    file = models.FileField(_("PDF"), upload_to="letters/", blank=True)
    letters = models.PositiveIntegerField(_("letters"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter batch")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} ({self.letters})"


class Message(models.Model):
    """One message on one channel in the outbox. It is written in the same transaction as the
    change that caused it; a worker claims it with a lease and sends it once
    (queued → sending → sent/delivered). A provider failure puts it back in the queue with an
    exponential backoff; after about four hours of tries it is failed, with the reason, and a
    letter takes its place. Letters wait for the daily paper batch; inbox messages are delivered
    as soon as they are stored and read when the tenant opens them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # Indexed by (person, channel, created_at) below.
    person = models.ForeignKey(
        "tenancies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254, blank=True, help_text=_("Email address or phone number"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Unique through Meta.constraints (no extra pattern index on PostgreSQL: keys are never searched
    # by prefix, and every index slows down the bulk inserts of announcements).
    idempotency_key = models.CharField(max_length=100, default=new_idempotency_key)
    # What the message is about ("announcement:12", "conversation:3"), for counting and linking.
    topic = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The lease: a worker that claimed the message; past STUCK_AFTER the sweep takes it back.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    # When a queued message that failed is tried again.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    fallback_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallbacks"
    )
    batch = models.ForeignKey(PaperBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")

    class Meta:
        verbose_name = _("message")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "claimed_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["person", "channel", "created_at"]),
            models.Index(fields=["claim_token"]),
            models.Index(fields=["topic"], name="message_topic_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="message_idempotency_key_unique"),
            models.CheckConstraint(
                condition=~models.Q(channel__in=["email", "sms"]) | ~models.Q(to=""), name="message_has_address"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to or self.user_id or self.person_id}"
