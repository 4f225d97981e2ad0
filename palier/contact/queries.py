"""Reads of announcements and call-back requests."""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role

from .models import LANGUAGES, Announcement, CallbackRequest, CallbackState, Kind, Target

SHOWN_AT_MOST = 5


def current_announcements(now=None) -> QuerySet:
    """Announcements shown now: published, not expired, not withdrawn; urgent ones first, then newest."""
    now = now or timezone.now()
    return (
        Announcement.objects.filter(publish_at__lte=now, withdrawn_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("-urgent", "-publish_at", "-pk")
    )


def announcements_for_tenancy(tenancy, *, now=None) -> list[Announcement]:
    """What the household of `tenancy` reads on its home page, in one query: announcements for
    everyone, its agency, its estate or its building (at most SHOWN_AT_MOST)."""
    if tenancy is None:
        return []
    return list(current_announcements(now).filter(_place_of(tenancy))[:SHOWN_AT_MOST])


def _place_of(tenancy) -> Q:
    building = tenancy.dwelling.building
    return (
        Q(target=Target.ALL)
        | Q(target=Target.AGENCY, agency_id=building.estate.agency_id)
        | Q(target=Target.ESTATE, estate_id=building.estate_id)
        | Q(target=Target.BUILDING, building_id=building.pk)
        | Q(target=Target.ENTRANCE, entrance_id=tenancy.dwelling.entrance_id)
    )


def building_notices(tenancy, *, now=None) -> dict:
    """For the tenant's building page: current works and outages for their building or entrance
    (or wider), and the other news; one query."""
    if tenancy is None:
        return {"works": [], "news": []}
    shown = list(current_announcements(now).filter(_place_of(tenancy))[:50])
    return {
        "works": [a for a in shown if a.kind in (Kind.WORKS, Kind.OUTAGE)],
        "news": [a for a in shown if a.kind == Kind.NEWS],
    }


def get_announcement_for_tenancy(tenancy, pk) -> Announcement:
    """An announcement shown now to the household; anything else is a 404."""
    if tenancy is None:
        raise Http404
    try:
        return current_announcements().filter(_place_of(tenancy)).get(pk=pk)
    except (Announcement.DoesNotExist, ValueError):
        raise Http404 from None


def announcement_reach(announcement) -> dict:
    """How many got an announcement by which channel, and how many read it online (two queries)."""
    from palier.notifications.queries import topic_counts

    counts = topic_counts(f"announcement:{announcement.pk}")
    counts["opened"] = announcement.reads.count()
    return counts


def announcements_for_estate(estate, *, now=None) -> list[Announcement]:
    """What a kiosk of `estate` shows to everyone passing by: announcements for everyone, the
    estate's agency, the estate, or one of its buildings."""
    place = (
        Q(target=Target.ALL)
        | Q(target=Target.AGENCY, agency_id=estate.agency_id)
        | Q(target=Target.ESTATE, estate_id=estate.pk)
        | Q(target=Target.BUILDING, building__estate_id=estate.pk)
        | Q(target=Target.ENTRANCE, entrance__building__estate_id=estate.pk)
    )
    return list(current_announcements(now).filter(place)[:SHOWN_AT_MOST])


def text_in(announcement: Announcement, language: str) -> tuple[str, str]:
    """(title, body) in `language`, or in French where that language's text is missing."""
    language = (language or "fr")[:2]
    if language in LANGUAGES and language != "fr":
        title = getattr(announcement, f"title_{language}")
        body = getattr(announcement, f"body_{language}")
        if title and body:
            return title, body
    return announcement.title_fr, announcement.body_fr


def shown_in(announcements, language: str) -> list[dict]:
    """Announcements ready for a template: each with its title and text in `language`."""
    shown = []
    for announcement in announcements:
        title, body = text_in(announcement, language)
        shown.append({"announcement": announcement, "title": title, "body": body, "urgent": announcement.urgent})
    return shown


def staff_announcements_q(user) -> Q:
    """Announcements a staff member may see and manage: those for their agencies' places (and
    those for everyone, for a manager). Other roles see none."""
    if user.role not in (Role.AGENT, Role.MANAGER):
        return Q(pk__in=[])
    agencies = list(user.agencies.values_list("pk", flat=True))
    q = (
        Q(target=Target.AGENCY, agency_id__in=agencies)
        | Q(target=Target.ESTATE, estate__agency_id__in=agencies)
        | Q(target=Target.BUILDING, building__estate__agency_id__in=agencies)
        | Q(target=Target.ENTRANCE, entrance__building__estate__agency_id__in=agencies)
    )
    if user.role == Role.MANAGER:
        q |= Q(target=Target.ALL)
    return q


def announcements_for_staff(user) -> QuerySet:
    return (
        Announcement.objects.filter(staff_announcements_q(user))
        .select_related("agency", "estate", "building__estate", "entrance__building", "created_by")
        .order_by("-publish_at", "-pk")
    )


def get_announcement_for(acting, pk) -> Announcement:
    """An announcement the staff member may manage; anything else is a 404."""
    user = acting.user
    if user is None or not user.is_authenticated or not getattr(user, "is_staff_member", False):
        raise Http404
    try:
        return announcements_for_staff(user).get(pk=pk)
    except (Announcement.DoesNotExist, ValueError):
        raise Http404 from None


def staff_callbacks(user) -> QuerySet:
    """Call-back requests of the staff member's agencies (agents and managers); none for others."""
    if user is None or not user.is_authenticated or user.role not in (Role.AGENT, Role.MANAGER):
        return CallbackRequest.objects.none()
    agencies = user.agencies.values("pk")
    return CallbackRequest.objects.filter(tenancy__dwelling__building__estate__agency_id__in=agencies)


def open_callbacks_for(user) -> QuerySet:
    """Open call-back requests of the staff member's agencies, by slot: day, then half-day, then age."""
    return (
        staff_callbacks(user).filter(state=CallbackState.OPEN)
        .select_related("person__household", "tenancy__dwelling__building__estate", "tenancy__housing_officer")
        .order_by(F("day").asc(nulls_first=True), "when", "created_at", "pk")
    )


def open_callback_of(person) -> CallbackRequest | None:
    return CallbackRequest.objects.filter(person=person, state=CallbackState.OPEN).first()


def get_callback_for(acting, pk) -> CallbackRequest:
    """A call-back request within the staff member's reach; anything else is a 404."""
    try:
        return staff_callbacks(acting.user).select_related("person").get(pk=pk)
    except (CallbackRequest.DoesNotExist, ValueError):
        raise Http404 from None


# --- conversations -----------------------------------------------------------------------------

STAFF_CONTACT_ROLES = (Role.AGENT, Role.MANAGER)


def conversations_of(person) -> QuerySet:
    """The conversations a tenant started, newest activity first."""
    from .models import Conversation

    return Conversation.objects.filter(person=person).order_by("-last_message_at", "-pk")


def get_conversation_for_person(person, pk):
    """One of the person's own conversations; anyone else's is a 404."""
    from .models import Conversation

    try:
        return conversations_of(person).select_related("officer").get(pk=pk)
    except (Conversation.DoesNotExist, ValueError):
        raise Http404 from None


def messages_for_tenant(conversation) -> list:
    """What the tenant sees: every message but the internal notes, with their files (2 queries)."""
    return list(conversation.messages.filter(internal=False).prefetch_related("attachments"))


def staff_conversations(user) -> QuerySet:
    from .models import Conversation

    if user is None or not user.is_authenticated or user.role not in STAFF_CONTACT_ROLES:
        return Conversation.objects.none()
    return Conversation.objects.filter(agency_id__in=user.agencies.values("pk"))


def conversation_queue(user, *, mine: bool = False, state: str = "waiting") -> QuerySet:
    """The staff queue: conversations waiting for an answer, the most overdue first."""
    from .models import ConversationState

    queue = staff_conversations(user).select_related("person", "officer", "tenancy")
    if mine:
        queue = queue.filter(officer=user)
    if state in ConversationState.values:
        queue = queue.filter(state=state)
    if state == ConversationState.WAITING:
        return queue.order_by("answer_due", "pk")
    return queue.order_by("-last_message_at", "-pk")


def get_conversation_for(acting, pk):
    from .models import Conversation

    try:
        return staff_conversations(acting.user).select_related("person", "officer", "tenancy__dwelling").get(pk=pk)
    except (Conversation.DoesNotExist, ValueError):
        raise Http404 from None


def get_attachment_for_person(person, pk):
    """A file of a message the tenant may read (their conversation, not an internal note)."""
    from .models import Attachment

    try:
        return Attachment.objects.get(pk=pk, message__conversation__person=person, message__internal=False)
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None


def get_attachment_for_staff(acting, pk):
    from .models import Attachment

    try:
        return Attachment.objects.get(pk=pk, message__conversation__in=staff_conversations(acting.user))
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None


def canned_replies_for(agency_id) -> QuerySet:
    """The ready-made answers offered to staff answering a conversation of `agency_id`: those for
    all agencies and those of that agency, retired ones left out."""
    from .models import CannedReply

    return (CannedReply.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id), retired_at__isnull=True)
            .order_by("title_fr", "pk"))


def canned_replies_to_manage(user) -> QuerySet:
    """The ready-made answers a manager looks after: those for all agencies and those of their
    agencies, retired ones too. None for anyone else."""
    from .models import CannedReply

    if user is None or not user.is_authenticated or user.role != Role.MANAGER:
        return CannedReply.objects.none()
    return (CannedReply.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=user.agencies.values("pk")))
            .select_related("agency", "changed_by")
            .order_by(F("retired_at").asc(nulls_first=True), "title_fr", "pk"))


def get_canned_reply_for(acting, pk):
    """A ready-made answer the manager looks after; another agency's (or anything for anyone
    else) is a 404."""
    from .models import CannedReply

    try:
        return canned_replies_to_manage(acting.user).get(pk=pk)
    except (CannedReply.DoesNotExist, ValueError):
        raise Http404 from None


# --- appointments ------------------------------------------------------------------------------


def free_slots(agency_id, kind: str, *, now=None, limit: int = 60) -> list:
    """Times still free at the agency for one kind of appointment, soonest first (one query)."""
    from .models import AppointmentSlot, AppointmentState

    now = now or timezone.now()
    return list(
        AppointmentSlot.objects.filter(agency_id=agency_id, kind=kind, withdrawn=False, starts_at__gt=now)
        .exclude(appointments__state=AppointmentState.BOOKED)
        .order_by("starts_at", "pk")[:limit]
    )


def appointments_of(person, *, now=None) -> list:
    """The person's booked appointments still to come."""
    from .models import Appointment, AppointmentState

    now = now or timezone.now()
    return list(Appointment.objects.filter(person=person, state=AppointmentState.BOOKED, slot__ends_at__gt=now)
                .select_related("slot__agency").order_by("slot__starts_at"))


def get_appointment_for_person(person, pk):
    from .models import Appointment, AppointmentState

    try:
        return Appointment.objects.select_related("slot__agency", "tenancy").get(
            pk=pk, person=person, state=AppointmentState.BOOKED)
    except (Appointment.DoesNotExist, ValueError):
        raise Http404 from None


def get_slot_for(agency_id, pk):
    from .models import AppointmentSlot

    try:
        return AppointmentSlot.objects.get(pk=pk, agency_id=agency_id)
    except (AppointmentSlot.DoesNotExist, ValueError):
        raise Http404 from None


def staff_appointments(user, *, day=None, from_day=None):
    """Bookings of the staff member's agencies (for one day, or from one day on, when given), by time."""
    from .models import Appointment, AppointmentState

    if user is None or not user.is_authenticated or user.role not in STAFF_CONTACT_ROLES:
        return Appointment.objects.none()
    booked = Appointment.objects.filter(state=AppointmentState.BOOKED,
                                        slot__agency_id__in=user.agencies.values("pk"))
    if day is not None:
        booked = booked.filter(slot__starts_at__date=day)
    if from_day is not None:
        booked = booked.filter(slot__starts_at__date__gte=from_day)
    return booked.select_related("slot", "person", "tenancy").order_by("slot__starts_at", "pk")


def get_appointment_for_staff(acting, pk):
    from .models import Appointment

    try:
        return staff_appointments(acting.user).get(pk=pk)
    except (Appointment.DoesNotExist, ValueError):
        raise Http404 from None
