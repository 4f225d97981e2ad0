"""A household's contact history: every call, visit, letter, message, call-back, appointment,
repair contact and action taken on the household's behalf, in one timeline with its channel,
newest first.

Its sources:
- the contacts staff wrote down (calls, counter and home visits, letters and emails received);
- the audit trail: call-backs, appointments, anything done for the household by a helper or by
  staff (on-behalf actions), and the actions on the household's own repair requests (reported,
  appointment set, message sent, no one home…), each with the channel it came through;
- the outbox: what Palier sent (inbox, email, SMS, paper letter), with its delivery state;
- the messages of the household's conversations with the agency.

`timeline_page` reads one page in a constant number of queries, however long the history: one
count and one merged (UNION ALL) query of (kind, id, time) rows ordered by time, then one query
per source for the rows of that page."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from palier.audit.models import AuditEvent
from palier.audit.services import record
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError

from .models import ContactChannel, ContactLog, ConversationMessage

PER_PAGE = 50
SHOWN = PER_PAGE
# Audit events that are not contacts: staff opening the file, the tenant signing in, reads of
# sensitive data (all kept for the auditors); and the events of what another source already
# lists (the contact written down, the conversation's messages themselves).
NOT_CONTACTS = (
    "backoffice.tenant_file_viewed",
    "accounts.logged_in",
    "accounts.logged_out",
    "accounts.login_failed",
    "accounts.login_refused_locked",
    "audit.sensitive_read",
    "contact.contact_logged",
    "contact.conversation_started",
    "contact.conversation_written",
    "contact.conversation_answered",
    "contact.conversation_noted",
)


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


# --- the sources ---------------------------------------------------------------------------------


def _repair_targets(persons) -> tuple | None:
    """(content type, ids as text) of the household's own repair requests, read through the
    repairs app's queries (a subquery, not a list)."""
    from django.contrib.contenttypes.models import ContentType

    from palier.repairs.queries import requests_of_household

    requests = requests_of_household(persons[0])
    own = (requests.filter(household_id=persons[0].household_id).order_by()
           .annotate(ident=Cast("pk", output_field=CharField())).values("ident"))
    return ContentType.objects.get_for_model(requests.model), own


def _events(persons) -> QuerySet:
    ids = [p.pk for p in persons]
    about = Q(subject_person_id__in=ids) | Q(for_person_id__in=ids)
    repair_type, repair_ids = _repair_targets(persons)
    about |= Q(target_type=repair_type, target_id__in=repair_ids)
    return AuditEvent.objects.filter(about).exclude(action__in=NOT_CONTACTS)


def _sent(persons) -> QuerySet:
    """What Palier sent to the persons (or to their accounts alone, when no person was named)."""
    from palier.notifications.models import Message

    users = [p.user_id for p in persons if p.user_id]
    return Message.objects.filter(Q(person_id__in=[p.pk for p in persons])
                                  | Q(person__isnull=True, user_id__in=users))


def _sources(tenancy, persons) -> dict[str, tuple[QuerySet, str]]:
    """kind → (rows, name of their time field)."""
    sources = {
        "contact": (ContactLog.objects.filter(tenancy=tenancy), "at"),
        "conversation": (ConversationMessage.objects.filter(conversation__tenancy=tenancy), "created_at"),
    }
    if persons:
        sources["event"] = (_events(persons), "at")
        sources["message"] = (_sent(persons), "created_at")
    return sources


def _merged(sources) -> QuerySet:
    parts = [
        rows.order_by().annotate(kind=Value(kind, output_field=CharField()), ident=F("pk"), moment=F(at))
        .values_list("kind", "ident", "moment")
        for kind, (rows, at) in sources.items()
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-moment", "kind", "-ident")


# --- turning rows into entries ---------------------------------------------------------------------


def _channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value


def _contact_entries(pks, names):
    for log in ContactLog.objects.filter(pk__in=pks).select_related("by", "person"):
        yield log.pk, Entry(at=log.at, kind="contact", channel=log.get_channel_display(), text=log.summary,
                            who=log.by.get_full_name() if log.by else "", person=str(log.person or ""),
                            inbound=log.inbound)


def _event_entries(pks, names):
    for event in AuditEvent.objects.filter(pk__in=pks):
        note = event.data.get("note", "") if isinstance(event.data, dict) else ""
        on_behalf = bool(event.for_person_id and event.actor_id)
        detail = note or (_("done on behalf of the tenant") if on_behalf else "")
        if event.action.startswith("repairs.") and event.target_label:
            detail = f"{event.target_label}{' – ' + detail if detail else ''}"
        yield event.pk, Entry(at=event.at, kind="event", channel=event.get_channel_display(), text=event.description,
                              who=event.actor_label,
                              person=names.get(event.subject_person_id or event.for_person_id, ""), detail=detail)


def _message_entries(pks, names):
    from palier.notifications.models import Message

    sent = Message.objects.filter(pk__in=pks).only("created_at", "channel", "subject", "state", "person_id")
    for message in sent:
        yield message.pk, Entry(at=message.created_at, kind="message", channel=message.get_channel_display(),
                                text=message.subject or _("Message"), person=names.get(message.person_id, ""),
                                detail=message.get_state_display(), inbound=False)


def _conversation_entries(pks, names):
    written = ConversationMessage.objects.filter(pk__in=pks).select_related("conversation__person")
    for message in written:
        tenant_user = message.conversation.person.user_id
        for_tenant = (not message.from_staff and message.author_id is not None and tenant_user is not None
                      and message.author_id != tenant_user)
        prefix = _("internal note") + ": " if message.internal else ""
        suffix = " (" + _("done on behalf of the tenant") + ")" if for_tenant else ""
        yield message.pk, Entry(
            at=message.created_at, kind="conversation", channel=_channel_label(message.channel),
            text=message.conversation.subject, who=message.author_label,
            person=names.get(message.conversation.person_id, ""),
            detail=prefix + message.body[:200] + suffix, inbound=not message.from_staff)


READERS = {"contact": _contact_entries, "event": _event_entries, "message": _message_entries,
           "conversation": _conversation_entries}


def _entries(rows, persons) -> list[Entry]:
    names = {p.pk: p.full_name for p in persons}
    wanted: dict[str, list[int]] = {}
    for kind, ident, _at in rows:
        wanted.setdefault(kind, []).append(ident)
    found = {}
    for kind, pks in wanted.items():
        for pk, entry in READERS[kind](pks, names):
            found[(kind, pk)] = entry
    return [found[(kind, ident)] for kind, ident, _at in rows if (kind, ident) in found]


def timeline_page(tenancy, persons, page_number=1, *, per_page: int = PER_PAGE) -> Page:
    """One page of the merged timeline (see the module's docstring), newest first; its
    `object_list` holds Entry objects. A page number out of range gives the last page."""
    persons = list(persons)
    page = Paginator(_merged(_sources(tenancy, persons)), per_page).get_page(page_number)
    page.object_list = _entries(list(page.object_list), persons)
    return page


def contact_timeline(tenancy, persons, *, limit: int = SHOWN) -> list[Entry]:
    """The newest `limit` entries of the timeline."""
    return list(timeline_page(tenancy, persons, 1, per_page=limit).object_list)
