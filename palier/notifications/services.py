"""The outbox: messages are written with the change that caused them and sent after commit,
once. A crashed worker or a provider outage delays a message, never loses or doubles it.

How a message travels:

- `queue_message` / `notify` / `queue_many` write rows (queued). Inbox messages are delivered at
  once (storing them is their delivery); letters wait for the daily paper batch (`paper.py`).
- A worker claims due rows with a lease (`_claim`: `SELECT … FOR UPDATE SKIP LOCKED` on
  PostgreSQL, a conditional UPDATE everywhere, each claim marked with a token), sends each one and
  records the outcome only if it still holds the lease.
- A failure puts the row back with an exponential backoff (2, 4, 8 … 128 minutes: about four
  hours in all); after MAX_ATTEMPTS tries it is failed and a letter takes its place (FALLBACK).
- `requeue_stuck_messages` (every few minutes) takes back the leases of workers that died and
  hands overdue rows to a worker again.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from palier.core.acting import Acting

from .channels import SENDERS, batch_senders
from .models import FALLBACK, Channel, Message, State

logger = logging.getLogger(__name__)

# A message claimed by a worker for longer than this is taken to be lost with its worker (the
# lease); a queued message overdue by this much is taken to have lost its task.
STUCK_AFTER = timedelta(minutes=10)
# Tries before a message is given up: the wait doubles after each failure (2, 4, … 128 minutes),
# so a provider gets about four hours to come back.
MAX_ATTEMPTS = 8
# Rows claimed and written at once.
BATCH_SIZE = 200
BULK_CHUNK = 2000
# The claim token of a row no worker holds.
NO_CLAIM = ""
# Channels a worker sends; inbox messages need no sending and letters go through the paper batch.
SENT_BY_WORKER = (Channel.EMAIL, Channel.SMS)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** min(attempts, 7))


def _enqueue_after_commit(message_id: int, *, run_after=None) -> None:
    from .tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    transaction.on_commit(lambda: task.enqueue(message_id))


def _enqueue_outbox_after_commit() -> None:
    from .tasks import deliver_outbox

    transaction.on_commit(deliver_outbox.enqueue)


def _initial_state(channel: str) -> dict:
    if channel == Channel.PORTAL:
        now = timezone.now()
        return {"state": State.DELIVERED, "sent_at": now}
    return {"state": State.QUEUED}


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
    topic: str = "",
) -> Message:
    """Write a message to the outbox inside the caller's transaction; it is sent once the
    transaction commits (and never if it rolls back). With an `idempotency_key` already used,
    the existing message is returned and nothing new is sent."""
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    fields = {
        "channel": channel, "to": to, "subject": subject[:200], "body": body, "language": language,
        "user": user, "person": person, "topic": topic[:64], **_initial_state(channel),
    }
    with transaction.atomic():
        if idempotency_key:
            message, created = Message.objects.get_or_create(idempotency_key=idempotency_key, defaults=fields)
            if not created:
                return message
        else:
            message = Message.objects.create(**fields)
        if channel in SENT_BY_WORKER:
            _enqueue_after_commit(message.pk)
    logger.info("message %s queued (%s) by %s", message.pk, channel, acting.channel)
    return message


def channels_for(person) -> list[tuple[str, str]]:
    """(outbox channel, address) pairs for a person, as they chose: their inbox (when they have
    an account), email, SMS, paper. A person who chose nothing that can reach them gets paper."""
    from palier.accounts.identifiers import normalise_phone

    chosen = person.channels
    pairs = []
    if "portal" in chosen and person.user_id:
        pairs.append((Channel.PORTAL, ""))
    if "email" in chosen:
        pairs.append((Channel.EMAIL, person.email))
    if "sms" in chosen:
        pairs.append((Channel.SMS, normalise_phone(person.phone)))
    if "post" in chosen or not pairs:
        pairs.append((Channel.LETTER, ""))
    return pairs


def notify(
    *,
    acting: Acting,
    person,
    render: Callable[[], tuple[str, str]],
    key: str,
    topic: str = "",
    channels: Iterable[tuple[str, str]] | None = None,
) -> list[Message]:
    """Tell `person` something on each of their channels. `render()` returns (subject, body); it
    is called in the person's language. `key` makes it idempotent: the same key twice queues
    nothing new. Returns the messages."""
    with translation.override(person.language):
        subject, body = (str(part) for part in render())
    pairs = list(channels) if channels is not None else channels_for(person)
    return [
        queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body, language=person.language,
                      user=person.user if person.user_id else None, person=person,
                      idempotency_key=f"{key}:{channel}", topic=topic)
        for channel, to in pairs
    ]


def queue_many(*, acting: Acting, messages: Iterable[dict]) -> int:
    """Write many messages at once (an announcement to every household). Each item holds a
    Message's fields (channel, to, subject, body, language, person_id, user_id, topic,
    idempotency_key). Inserts go in chunks of BULK_CHUNK, whatever the number; a message whose key
    is already in the outbox is skipped. One delivery task is enqueued after commit, however many
    rows. Returns how many rows were offered."""
    count = 0
    chunk = []
    with transaction.atomic():
        for fields in messages:
            chunk.append(Message(**fields, **_initial_state(fields["channel"])))
            if len(chunk) >= BULK_CHUNK:
                Message.objects.bulk_create(chunk, ignore_conflicts=True)
                count += len(chunk)
                chunk = []
        if chunk:
            Message.objects.bulk_create(chunk, ignore_conflicts=True)
            count += len(chunk)
        if count:
            _enqueue_outbox_after_commit()
    logger.info("%s messages queued in bulk by %s", count, acting.channel)
    return count


# --- the worker ------------------------------------------------------------------------------


def _claim(candidates, limit: int) -> tuple[str, list[Message]]:
    """Take up to `limit` queued rows of `candidates` for this worker: each claimed row is marked
    with a fresh token and a lease start (claimed_at). Two workers never hold the same row."""
    token = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        queued = candidates.filter(state=State.QUEUED).order_by("pk")
        if connection.vendor == "postgresql":
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        Message.objects.filter(pk__in=ids, state=State.QUEUED).update(
            state=State.SENDING, claimed_at=now, claim_token=token, next_attempt_at=None,
            attempts=F("attempts") + 1,
        )
    return token, list(Message.objects.filter(claim_token=token, state=State.SENDING).order_by("pk"))


def _held(message: Message, token: str):
    return Message.objects.filter(pk=message.pk, state=State.SENDING, claim_token=token)


def _give_up(message: Message, token: str, error: str) -> None:
    """Mark the message failed and, for a person, queue its fallback (a letter), once."""
    with transaction.atomic():
        if not _held(message, token).update(state=State.FAILED, last_error=error, failed_at=timezone.now(),
                                             claim_token=NO_CLAIM):
            return
        _queue_fallback(message)


def _queue_fallback(message: Message) -> None:
    """For a person, queue the failed message again on the next channel (a letter), once."""
    fallback = FALLBACK.get(message.channel)
    if fallback and message.person_id:
        Message.objects.get_or_create(
            idempotency_key=f"{message.idempotency_key}:{fallback}"[:100],
            defaults={"channel": fallback, "to": "", "subject": message.subject, "body": message.body,
                      "language": message.language, "user_id": message.user_id,
                      "person_id": message.person_id, "topic": message.topic, "fallback_of": message,
                      **_initial_state(fallback)},
        )


def _send_claimed(message: Message, token: str, senders=SENDERS) -> str:
    try:
        senders[message.channel](message)
    except Exception as exc:  # noqa: BLE001 - any provider failure is recorded on the row
        logger.warning("message %s failed (try %s): %s", message.pk, message.attempts, exc)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            _give_up(message, token, error)
            return State.FAILED
        retry_at = timezone.now() + retry_delay(message.attempts)
        with transaction.atomic():
            if _held(message, token).update(state=State.QUEUED, last_error=error, next_attempt_at=retry_at,
                                            claim_token=NO_CLAIM):
                _enqueue_after_commit(message.pk, run_after=retry_at)
        return State.QUEUED
    _held(message, token).update(state=State.SENT, sent_at=timezone.now(), last_error="", claim_token=NO_CLAIM)
    return State.SENT


def deliver(*, message_id: int) -> str:
    """Claim one queued message, send it through its channel and record the outcome. Returns the
    new state, or "skipped" when another worker has it or it is no longer queued."""
    token, claimed = _claim(Message.objects.filter(pk=message_id, channel__in=SENT_BY_WORKER), 1)
    if not claimed:
        return "skipped"
    return _send_claimed(claimed[0], token)


def due_messages():
    now = timezone.now()
    return Message.objects.filter(state=State.QUEUED, channel__in=SENT_BY_WORKER).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def deliver_due(*, limit: int = BATCH_SIZE, rounds: int = 50, among=None) -> int:
    """Send what is due, BATCH_SIZE rows at a time, until nothing is due (at most `rounds`
    batches per call); the emails of a batch share one connection to the mail server. `among`
    (a Message queryset) narrows what is sent. Returns how many messages were handled."""
    handled = 0
    due = due_messages()
    if among is not None:
        due = due.filter(pk__in=among.values("pk"))
    for _ in range(rounds):
        token, claimed = _claim(due, limit)
        if not claimed:
            break
        with batch_senders() as senders:
            for message in claimed:
                _send_claimed(message, token, senders)
        handled += len(claimed)
    return handled


def requeue_stuck_messages(*, older_than: timedelta = STUCK_AFTER) -> int:
    """Run every few minutes (`manage.py requeue_stuck_messages`). Takes back the leases of
    workers that never finished (their rows are queued again; letters go back to wait for the next
    batch), and hands to a worker again the queued messages whose task was lost or whose retry is
    overdue. Returns how many messages were handed back."""
    cutoff = timezone.now() - older_than
    stuck = Message.objects.filter(state=State.SENDING, claimed_at__lt=cutoff)
    with transaction.atomic():
        overdue = due_messages().filter(
            Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
        )
        handed = overdue.count()
        handed += stuck.update(state=State.QUEUED, claim_token=NO_CLAIM, next_attempt_at=None)
        if handed:
            _enqueue_outbox_after_commit()
    return handed


# --- after sending -----------------------------------------------------------------------------


def record_delivery_receipt(*, idempotency_key: str) -> bool:
    """A provider confirmed that a message reached the phone or mailbox. Returns False for an
    unknown or not yet sent message (nothing changes)."""
    return bool(Message.objects.filter(idempotency_key=idempotency_key, state=State.SENT).update(
        state=State.DELIVERED))


class Receipt:
    """What a provider's delivery report did to the message (see `apply_sms_receipt`)."""

    UNKNOWN = "unknown"  # no text message with this id
    TOO_EARLY = "too_early"  # still queued or being sent: the provider should report again later
    APPLIED = "applied"
    ALREADY = "already"  # reported before, or the message was already settled: nothing changed


def apply_sms_receipt(*, key: str, delivered: bool, error: str = "") -> str:
    """A text message provider reports that the message it received under `key` (the outbox
    key, sent as its Idempotency-Key) reached the phone, or never will. Delivered: sent →
    delivered. Failed: sent (or delivered, when a late report corrects it) → failed, and a letter
    takes its place, as for any failed text. Reporting twice changes nothing. Returns a Receipt
    value."""
    message = Message.objects.filter(idempotency_key=key, channel=Channel.SMS).first()
    if message is None:
        return Receipt.UNKNOWN
    if message.state in (State.QUEUED, State.SENDING):
        return Receipt.TOO_EARLY
    if delivered:
        changed = Message.objects.filter(pk=message.pk, state=State.SENT).update(state=State.DELIVERED)
        return Receipt.APPLIED if changed else Receipt.ALREADY
    reason = (f"Not delivered, says the provider: {error}" if error else "Not delivered, says the provider.")[:2000]
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, state__in=(State.SENT, State.DELIVERED)).update(
            state=State.FAILED, failed_at=timezone.now(), last_error=reason)
        if changed:
            _queue_fallback(message)
    if changed:
        logger.info("message %s not delivered, says the provider; a letter takes its place", message.pk)
    return Receipt.APPLIED if changed else Receipt.ALREADY


def mark_topic_read(*, person, topic: str) -> int:
    """The person read, elsewhere, what their inbox messages about `topic` said."""
    return Message.objects.filter(person=person, channel=Channel.PORTAL, topic=topic, read_at__isnull=True).update(
        read_at=timezone.now())


def mark_read(*, acting: Acting, message: Message) -> None:
    """The tenant opened an inbox message. Reading twice keeps the first time."""
    if message.read_at is None:
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
        message.read_at = timezone.now()


def retry_message(*, acting: Acting, message: Message) -> bool:
    """Staff send a failed email or SMS again (the address was corrected, the provider is back).
    Returns False when the message is not failed (nothing changes)."""
    from palier.audit.services import record

    if message.channel not in SENT_BY_WORKER:
        return False
    with transaction.atomic():
        if not Message.objects.filter(pk=message.pk, state=State.FAILED).update(
            state=State.QUEUED, attempts=0, next_attempt_at=None, failed_at=None
        ):
            return False
        record(acting, "notifications.message_retried", target=message, subject_person_id=message.person_id,
               data={"channel": message.channel})
        _enqueue_after_commit(message.pk)
    return True
