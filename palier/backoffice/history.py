"""A household's contact history for the tenant file: what was done for or about its persons
(the audit trail) and the messages sent to them, newest first."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from palier.audit.models import AuditEvent
from palier.notifications.models import Message

HISTORY_LENGTH = 50
# Staff opening the file is logged for the tenant and the auditors; it is not a contact.
NOT_CONTACTS = ("backoffice.tenant_file_viewed",)


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "event" or "message"
    text: str
    who: str
    channel: str
    detail: str = ""


def contact_history(persons, limit: int = HISTORY_LENGTH) -> list[Entry]:
    """Two queries: the latest audit events about the persons, the latest messages to them."""
    ids = [p.pk for p in persons]
    if not ids:
        return []
    names = {p.pk: p.full_name for p in persons}
    events = (
        AuditEvent.objects.filter(Q(subject_person_id__in=ids) | Q(for_person_id__in=ids))
        .exclude(action__in=NOT_CONTACTS)
        .order_by("-at", "-id")[:limit]
    )
    entries = [
        Entry(at=e.at, kind="event", text=e.description, who=e.actor_label, channel=e.get_channel_display(),
              detail=names.get(e.subject_person_id or e.for_person_id, ""))
        for e in events
    ]
    sent = Message.objects.filter(person_id__in=ids).only(
        "created_at", "channel", "subject", "state", "person_id"
    ).order_by("-created_at")[:limit]
    entries += [
        Entry(at=m.created_at, kind="message", text=f"{m.subject or m.get_channel_display()} ({m.get_state_display()})",
              who="", channel=m.get_channel_display(), detail=names.get(m.person_id, ""))
        for m in sent
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
