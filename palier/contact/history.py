"""A household's contact history: every call, visit, letter, message, call-back, appointment and
action taken for them, in one timeline with its channel, newest first.

It reads five sources in five queries, whatever the household's size: the contacts staff wrote
down, the audit trail (call-backs, conversations, appointments, anything done on the household's
behalf), the outbox (what Palier sent, on which channel, with its delivery state) and the messages
of the conversations."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from palier.audit.models import AuditEvent
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .models import ContactChannel, ContactLog, ConversationMessage

SHOWN = 100
# Staff opening the file is logged for the auditors; it is not a contact.
NOT_CONTACTS = ("backoffice.tenant_file_viewed",)


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "contact", "event", "message", "conversation"
    channel: str
    text: str
    who: str = ""
    person: str = ""
    detail: str = ""
    inbound: bool | None = None


@transaction.atomic
def log_contact(*, acting: Acting, tenancy, person=None, channel: str, summary: str, inbound: bool = True,
                at=None) -> ContactLog:
    """Staff write down a call, a visit, a letter or an email. Raises DomainError for an empty
    summary or an unknown channel."""
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Write what was said."), field="summary")
    if len(summary) > 1000:
        raise DomainError(_("Keep it under 1,000 characters."), field="summary")
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose how the contact happened."), field="channel")
    if person is not None and person.household_id != tenancy.household_id:
        raise DomainError(_("This person is not in the household."), field="person")
    fields = {"at": at} if at else {}
    entry = ContactLog.objects.create(tenancy=tenancy, person=person, channel=channel, summary=summary,
                                      inbound=inbound, by=acting.user if acting.is_authenticated else None, **fields)
    record(acting, "contact.contact_logged", target=entry,
           subject_person_id=person.pk if person else None, data={"channel": channel, "inbound": inbound})
    return entry


def contact_timeline(tenancy, persons, *, channel: str = "", limit: int = SHOWN) -> list[Entry]:
    """The merged timeline (see the module's docstring). `channel` keeps one channel's entries."""
    from palier.notifications.models import Message

    ids = [p.pk for p in persons]
    names = {p.pk: p.full_name for p in persons}
    entries = []
    for log in ContactLog.objects.filter(tenancy=tenancy).select_related("by", "person")[:limit]:
        entries.append(Entry(at=log.at, kind="contact", channel=log.get_channel_display(), text=log.summary,
                             who=log.by.get_full_name() if log.by else "", person=str(log.person or ""),
                             inbound=log.inbound))
    if ids:
        events = (AuditEvent.objects.filter(Q(subject_person_id__in=ids) | Q(for_person_id__in=ids))
                  .exclude(action__in=NOT_CONTACTS).exclude(action="contact.contact_logged")
                  .order_by("-at", "-id")[:limit])
        for event in events:
            note = event.data.get("note", "") if isinstance(event.data, dict) else ""
            on_behalf = bool(event.for_person_id and event.actor_id)
            entries.append(Entry(
                at=event.at, kind="event", channel=event.get_channel_display(), text=event.description,
                who=event.actor_label, person=names.get(event.subject_person_id or event.for_person_id, ""),
                detail=note or (_("done on behalf of the tenant") if on_behalf else "")))
        sent = (Message.objects.filter(person_id__in=ids)
                .only("created_at", "channel", "subject", "state", "person_id").order_by("-created_at")[:limit])
        for message in sent:
            entries.append(Entry(at=message.created_at, kind="message", channel=message.get_channel_display(),
                                 text=message.subject or _("Message"), person=names.get(message.person_id, ""),
                                 detail=message.get_state_display(), inbound=False))
    written = (ConversationMessage.objects.filter(conversation__tenancy=tenancy)
               .select_related("conversation").order_by("-created_at")[:limit])
    for message in written:
        entries.append(Entry(
            at=message.created_at, kind="conversation", channel=message.channel,
            text=message.conversation.subject, who=message.author_label,
            detail=(_("internal note") + ": " if message.internal else "") + message.body[:200],
            inbound=not message.from_staff))
    if channel:
        entries = [e for e in entries if e.channel == channel]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
