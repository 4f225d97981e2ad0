"""Reads of the outbox: a tenant's inbox, and the delivery states staff follow."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from palier.accounts.models import Role

from .models import Channel, Message, PaperBatch, State

# Who follows deliveries: the staff who write to tenants.
DELIVERY_ROLES = (Role.AGENT, Role.MANAGER)


def inbox_of(person) -> QuerySet:
    """The person's inbox messages, newest first."""
    return Message.objects.filter(person=person, channel=Channel.PORTAL).order_by("-created_at", "-pk")


def unread_count(person) -> int:
    return inbox_of(person).filter(read_at__isnull=True).count()


def get_inbox_message_for(person, pk) -> Message:
    """One of the person's own inbox messages; anyone else's is a 404."""
    try:
        return inbox_of(person).get(pk=pk)
    except (Message.DoesNotExist, ValueError):
        raise Http404 from None


def _staff_q(user) -> Q | None:
    if user is None or not user.is_authenticated or user.role not in DELIVERY_ROLES:
        return None
    agencies = list(user.agencies.values_list("pk", flat=True))
    households = Q(person__household__tenancies__dwelling__building__estate__agency_id__in=agencies)
    return households


def messages_for_staff(user, *, state: str = "", channel: str = "") -> QuerySet:
    """Messages to the tenants of the staff member's agencies, newest first (none for others)."""
    q = _staff_q(user)
    if q is None:
        return Message.objects.none()
    ids = Message.objects.filter(q).values("pk")
    messages = Message.objects.filter(pk__in=ids)
    if state in State.values:
        messages = messages.filter(state=state)
    if channel in Channel.values:
        messages = messages.filter(channel=channel)
    return messages.select_related("person").prefetch_related("fallbacks").order_by("-created_at", "-pk")


def state_counts(messages: QuerySet) -> dict:
    """{(channel, state): count} in one query."""
    return {(row["channel"], row["state"]): row["n"]
            for row in messages.order_by().values("channel", "state").annotate(n=Count("pk"))}


def topic_counts(topic: str) -> dict:
    """How messages about one topic fared, in one query: {"by_channel": {channel: {"total",
    "sent", "failed", "waiting"}}, "read": n} (read: inbox messages opened)."""
    rows = (Message.objects.filter(topic=topic).order_by().values("channel", "state")
            .annotate(n=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False))))
    by_channel = {}
    read = 0
    for row in rows:
        entry = by_channel.setdefault(row["channel"], {"total": 0, "sent": 0, "failed": 0, "waiting": 0})
        entry["total"] += row["n"]
        if row["state"] in (State.SENT, State.DELIVERED):
            entry["sent"] += row["n"]
        elif row["state"] == State.FAILED:
            entry["failed"] += row["n"]
        else:
            entry["waiting"] += row["n"]
        read += row["read"]
    return {"by_channel": by_channel, "read": read}


def batches_for(user) -> QuerySet:
    if _staff_q(user) is None:
        return PaperBatch.objects.none()
    return PaperBatch.objects.order_by("-created_at", "-pk")


def get_batch_for(acting, pk) -> PaperBatch:
    try:
        return batches_for(acting.user).get(pk=pk)
    except (PaperBatch.DoesNotExist, ValueError):
        raise Http404 from None


def get_message_for_staff(acting, pk) -> Message:
    try:
        return messages_for_staff(acting.user).get(pk=pk)
    except (Message.DoesNotExist, ValueError):
        raise Http404 from None
