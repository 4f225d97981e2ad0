"""Reads of announcements and call-back requests."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role

from .models import LANGUAGES, Announcement, CallbackRequest, CallbackState, Target

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
    building = tenancy.dwelling.building
    place = (
        Q(target=Target.ALL)
        | Q(target=Target.AGENCY, agency_id=building.estate.agency_id)
        | Q(target=Target.ESTATE, estate_id=building.estate_id)
        | Q(target=Target.BUILDING, building_id=building.pk)
    )
    return list(current_announcements(now).filter(place)[:SHOWN_AT_MOST])


def announcements_for_estate(estate, *, now=None) -> list[Announcement]:
    """What a kiosk of `estate` shows to everyone passing by: announcements for everyone, the
    estate's agency, the estate, or one of its buildings."""
    place = (
        Q(target=Target.ALL)
        | Q(target=Target.AGENCY, agency_id=estate.agency_id)
        | Q(target=Target.ESTATE, estate_id=estate.pk)
        | Q(target=Target.BUILDING, building__estate_id=estate.pk)
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
    )
    if user.role == Role.MANAGER:
        q |= Q(target=Target.ALL)
    return q


def announcements_for_staff(user) -> QuerySet:
    return (
        Announcement.objects.filter(staff_announcements_q(user))
        .select_related("agency", "estate", "building__estate", "created_by")
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
    """Open call-back requests of the staff member's agencies, oldest first."""
    return (
        staff_callbacks(user).filter(state=CallbackState.OPEN)
        .select_related("person__household", "tenancy__dwelling__building__estate")
        .order_by("created_at", "pk")
    )


def open_callback_of(person) -> CallbackRequest | None:
    return CallbackRequest.objects.filter(person=person, state=CallbackState.OPEN).first()


def get_callback_for(acting, pk) -> CallbackRequest:
    """A call-back request within the staff member's reach; anything else is a 404."""
    try:
        return staff_callbacks(acting.user).select_related("person").get(pk=pk)
    except (CallbackRequest.DoesNotExist, ValueError):
        raise Http404 from None
