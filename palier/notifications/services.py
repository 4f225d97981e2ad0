"""The outbox: messages are written with the change that caused them and sent after commit,
once. A crashed worker or a provider outage delays a message, never loses or doubles it."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from palier.core.acting import Acting

from .channels import SENDERS
from .models import Channel, Message, State

logger = logging.getLogger(__name__)

# A message claimed by a worker for longer than this is taken to be lost with its worker; a
# queued message overdue by this much is taken to have lost its task.
STUCK_AFTER = timedelta(minutes=10)
# Tries before a message is given up as failed; the wait doubles after each failure (2, 4, 8, 16 min).
MAX_ATTEMPTS = 5


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=2**attempts)


def _enqueue_after_commit(message_id: int, *, run_after=None) -> None:
    from .tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    transaction.on_commit(lambda: task.enqueue(message_id))


def queue_message(
    *,
    acting: Acting,
    channel: str,
    to: str,
    subject: str = "",
    body: str,
    language: str = "fr",
    user=None,
    person=None,
    idempotency_key: str | None = None,
) -> Message:
    """Write a message to the outbox inside the caller's transaction; it is sent once the
    transaction commits (and never if it rolls back). With an `idempotency_key` already used,
    the existing message is returned and nothing new is sent."""
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    fields = {
        "channel": channel, "to": to, "subject": subject[:200], "body": body, "language": language,
        "user": user, "person": person,
    }
    with transaction.atomic():
        if idempotency_key:
            message, created = Message.objects.get_or_create(idempotency_key=idempotency_key, defaults=fields)
            if not created:
                return message
        else:
            message = Message.objects.create(**fields)
        _enqueue_after_commit(message.pk)
    logger.info("message %s queued (%s) by %s", message.pk, channel, acting.channel)
    return message


def deliver(*, message_id: int) -> str:
    """Claim a queued message (a conditional UPDATE, so two workers cannot both claim it), send
    it through its channel and record the outcome. Returns the new state, or "skipped".

    A failure puts the message back in the queue, to be tried again after retry_delay(); after
    MAX_ATTEMPTS tries it is marked failed."""
    now = timezone.now()
    claimed = Message.objects.filter(pk=message_id, state=State.QUEUED).update(
        state=State.SENDING, claimed_at=now, next_attempt_at=None, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=message_id)
    try:
        SENDERS[message.channel](message)
    except Exception as exc:  # noqa: BLE001 - any provider failure is recorded on the row
        logger.warning("message %s failed (try %s): %s", message_id, message.attempts, exc)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        sending = Message.objects.filter(pk=message_id, state=State.SENDING)
        if message.attempts >= MAX_ATTEMPTS:
            sending.update(state=State.FAILED, last_error=error)
            return State.FAILED
        retry_at = timezone.now() + retry_delay(message.attempts)
        with transaction.atomic():
            if sending.update(state=State.QUEUED, last_error=error, next_attempt_at=retry_at):
                _enqueue_after_commit(message_id, run_after=retry_at)
        return State.QUEUED
    Message.objects.filter(pk=message_id, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return State.SENT


def requeue_stuck_messages(*, older_than: timedelta = STUCK_AFTER) -> int:
    """Run every few minutes (`manage.py requeue_stuck_messages`). Puts back in the queue the
    messages claimed by a worker that never finished, and enqueues again the queued messages whose
    task was lost (the process stopped between the commit and the enqueue, or the queue was
    emptied). Returns how many messages were handed to a worker again."""
    cutoff = timezone.now() - older_than
    stuck = Message.objects.filter(state=State.SENDING, claimed_at__lt=cutoff)
    overdue = Message.objects.filter(state=State.QUEUED).filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    )
    overdue_ids = list(overdue.values_list("pk", flat=True))
    handed = 0
    for pk in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            if stuck.filter(pk=pk).update(state=State.QUEUED):
                handed += 1
                _enqueue_after_commit(pk)
    for pk in overdue_ids:
        with transaction.atomic():
            _enqueue_after_commit(pk)  # a duplicate task is harmless: only one can claim the row
            handed += 1
    return handed
