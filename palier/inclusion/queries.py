"""Reads of workshops, partners, digital spaces and inclusion figures.

Tenants see what their agency offers. Staff (inclusion officers and managers) see the things of
their agencies; `get_*_for(acting, pk)` raises Http404 for anything else. Figures are aggregated
and never show a group of fewer than MIN_GROUP households."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role
from palier.tenancies.queries import current_tenancy_of

from .models import (
    LANGUAGES,
    BookingState,
    DigitalSpace,
    Enrolment,
    EnrolmentState,
    Partner,
    PartnerKind,
    SelfAssessment,
    SpaceBooking,
    Topic,
    Workshop,
    WorkshopSession,
)

INCLUSION_ROLES = frozenset({Role.INCLUSION_OFFICER, Role.MANAGER})
# Figures about fewer households than this are not shown (they could point at someone).
MIN_GROUP = 5
# How far ahead tenants can book a digital space.
BOOKING_DAYS_AHEAD = 14


def text_of(obj, field: str, language: str) -> str:
    """`obj.<field>_<language>`, or the French text when that one is empty."""
    language = (language or "fr")[:2]
    if language in LANGUAGES and language != "fr":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, f"{field}_fr")


def person_agency_id(person) -> int | None:
    tenancy = current_tenancy_of(person) if person else None
    return tenancy.dwelling.building.estate.agency_id if tenancy else None


def person_estate_id(person) -> int | None:
    tenancy = current_tenancy_of(person) if person else None
    return tenancy.dwelling.building.estate_id if tenancy else None


def _with_counts(qs: QuerySet) -> QuerySet:
    return qs.select_related("workshop", "partner", "estate").annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
    )


def upcoming_sessions(*, agency_id=None, estate=None, now=None) -> QuerySet:
    """Sessions still to come and not cancelled, soonest first, with `enrolled` and `waiting`
    counts. For a kiosk (`estate`): the sessions held in that estate and those with no estate of
    its agency."""
    now = now or timezone.now()
    qs = WorkshopSession.objects.filter(starts_at__gt=now, cancelled_at__isnull=True)
    if estate is not None:
        qs = qs.filter(workshop__agency_id=estate.agency_id).filter(Q(estate=estate) | Q(estate__isnull=True))
    elif agency_id is not None:
        qs = qs.filter(workshop__agency_id=agency_id)
    else:
        return qs.none()
    return _with_counts(qs).order_by("starts_at", "pk")


def get_session_for_tenant(person, pk) -> WorkshopSession:
    """A session of the tenant's agency (a cancelled or past one too: they may have been in it)."""
    agency_id = person_agency_id(person)
    try:
        return _with_counts(WorkshopSession.objects.filter(workshop__agency_id=agency_id)).get(pk=pk)
    except (WorkshopSession.DoesNotExist, ValueError):
        raise Http404 from None


def get_session_for_kiosk(kiosk, pk) -> WorkshopSession:
    try:
        return upcoming_sessions(estate=kiosk.estate).get(pk=pk)
    except (WorkshopSession.DoesNotExist, ValueError):
        raise Http404 from None


def live_enrolment(person, session) -> Enrolment | None:
    return Enrolment.objects.filter(person=person, session=session,
                                    state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING]).first()


def enrolments_of(person) -> QuerySet:
    """The person's places and waiting-list spots in sessions still to come."""
    return (Enrolment.objects.filter(person=person, state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING],
                                     session__starts_at__gt=timezone.now(), session__cancelled_at__isnull=True)
            .select_related("session__workshop").order_by("session__starts_at"))


def waiting_position(enrolment: Enrolment) -> int:
    """1 for the first person on the waiting list."""
    return Enrolment.objects.filter(session_id=enrolment.session_id, state=EnrolmentState.WAITING).filter(
        Q(created_at__lt=enrolment.created_at) | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)).count() + 1


def partners_for_agency(agency_id) -> QuerySet:
    return Partner.objects.filter(agency_id=agency_id, active=True).order_by("name", "pk")


# --- digital spaces ------------------------------------------------------------------------------


def spaces_for_person(person) -> QuerySet:
    agency_id = person_agency_id(person)
    return DigitalSpace.objects.filter(estate__agency_id=agency_id, active=True).select_related("estate").order_by(
        "estate__name", "name")


def get_space_for_tenant(person, pk) -> DigitalSpace:
    try:
        return spaces_for_person(person).prefetch_related("hours").get(pk=pk)
    except (DigitalSpace.DoesNotExist, ValueError):
        raise Http404 from None


def opening_slots(space: DigitalSpace, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every slot (start, end) of `space` from `first` to `last` inclusive, in local time."""
    hours = list(space.hours.all())
    length = dt.timedelta(minutes=space.slot_minutes)
    slots = []
    day = first
    while day <= last:
        for h in hours:
            if h.weekday != day.weekday():
                continue
            start = timezone.make_aware(dt.datetime.combine(day, h.opens))
            closes = timezone.make_aware(dt.datetime.combine(day, h.closes))
            while start + length <= closes:
                slots.append((start, start + length))
                start += length
        day += dt.timedelta(days=1)
    return sorted(slots)


def free_slots(space: DigitalSpace, *, days: int = BOOKING_DAYS_AHEAD, now=None) -> list[dict]:
    """The slots of the coming `days` days still free, grouped by day: [{"day": date, "slots":
    [start, …]}]. Two queries whatever the number of slots."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    slots = opening_slots(space, today, today + dt.timedelta(days=days - 1))
    taken = set(SpaceBooking.objects.filter(space=space, state=BookingState.BOOKED, starts_at__gte=now)
                .values_list("starts_at", flat=True))
    by_day: dict[dt.date, list] = {}
    for start, _end in slots:
        if start > now and start not in taken:
            by_day.setdefault(timezone.localdate(start), []).append(start)
    return [{"day": day, "slots": starts} for day, starts in by_day.items()]


def bookings_of(person) -> QuerySet:
    return (SpaceBooking.objects.filter(person=person, state=BookingState.BOOKED, starts_at__gt=timezone.now())
            .select_related("space__estate").order_by("starts_at"))


def get_booking_for_tenant(person, pk) -> SpaceBooking:
    try:
        return bookings_of(person).get(pk=pk)
    except (SpaceBooking.DoesNotExist, ValueError):
        raise Http404 from None


def latest_self_assessment(person) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(person=person).order_by("-answered_at", "-pk").first()


def suggested_topics(assessment: SelfAssessment | None) -> list[str]:
    """Workshop topics that match the answers: what the person is not at ease with yet."""
    if assessment is None:
        return []
    topics = []
    if not assessment.internet_at_home or not (assessment.has_computer or assessment.has_smartphone):
        topics.append(Topic.INTERNET)
    if assessment.has_smartphone and assessment.email != "yes":
        topics.append(Topic.SMARTPHONE)
    if assessment.email != "yes":
        topics.append(Topic.EMAIL)
    if assessment.forms != "yes":
        topics.append(Topic.ADMINISTRATION)
    if assessment.banking != "yes":
        topics.append(Topic.BANKING)
    return topics


def suggested_partner_kinds(assessment: SelfAssessment | None) -> list[str]:
    """Kinds of partners that match the answers: a public digital space for someone with no
    internet or no device at home, an association that accompanies someone who would like help."""
    if assessment is None:
        return []
    kinds = []
    if not assessment.internet_at_home or not (assessment.has_computer or assessment.has_smartphone
                                               or assessment.has_tablet):
        kinds.append(PartnerKind.DIGITAL_SPACE)
    if assessment.wants_help:
        kinds.append(PartnerKind.ASSOCIATION)
    return kinds


def suggested_partners(assessment: SelfAssessment | None, agency_id, *, limit: int = 5) -> list[Partner]:
    """Active partners of the agency that match the answers: those of a matching kind, and those
    that give workshops on a suggested topic; matching kinds first."""
    kinds = suggested_partner_kinds(assessment)
    topics = suggested_topics(assessment)
    if not kinds and not topics:
        return []
    matching = (partners_for_agency(agency_id)
                .filter(Q(kind__in=kinds) | Q(workshops__topic__in=topics)).distinct())
    rank = {kind: i for i, kind in enumerate(kinds)}
    return sorted(matching, key=lambda p: (rank.get(p.kind, len(kinds)), p.name, p.pk))[:limit]


# --- staff ---------------------------------------------------------------------------------------


def _staff_agencies(user):
    if user is None or not user.is_authenticated or user.role not in INCLUSION_ROLES:
        return None
    return user.agencies.values("pk")


def staff_partners(user) -> QuerySet:
    agencies = _staff_agencies(user)
    if agencies is None:
        return Partner.objects.none()
    return Partner.objects.filter(agency_id__in=agencies).select_related("agency").order_by("name", "pk")


def staff_workshops(user) -> QuerySet:
    agencies = _staff_agencies(user)
    if agencies is None:
        return Workshop.objects.none()
    return Workshop.objects.filter(agency_id__in=agencies).select_related("agency", "partner").annotate(
        upcoming=Count("sessions", filter=Q(sessions__starts_at__gt=timezone.now(),
                                             sessions__cancelled_at__isnull=True))).order_by("title_fr", "pk")


def staff_sessions(user) -> QuerySet:
    agencies = _staff_agencies(user)
    if agencies is None:
        return WorkshopSession.objects.none()
    return _with_counts(WorkshopSession.objects.filter(workshop__agency_id__in=agencies))


def staff_spaces(user) -> QuerySet:
    agencies = _staff_agencies(user)
    if agencies is None:
        return DigitalSpace.objects.none()
    return DigitalSpace.objects.filter(estate__agency_id__in=agencies).select_related("estate").order_by("name", "pk")


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError):
        raise Http404 from None


def get_partner_for(acting, pk) -> Partner:
    return _get(staff_partners(acting.user), pk)


def get_workshop_for(acting, pk) -> Workshop:
    return _get(staff_workshops(acting.user), pk)


def get_session_for(acting, pk) -> WorkshopSession:
    return _get(staff_sessions(acting.user), pk)


def get_space_for(acting, pk) -> DigitalSpace:
    return _get(staff_spaces(acting.user).prefetch_related("hours"), pk)


def get_booking_for(acting, pk) -> SpaceBooking:
    spaces = staff_spaces(acting.user)
    return _get(SpaceBooking.objects.filter(space__in=spaces).select_related("space"), pk)


def session_enrolments(session) -> QuerySet:
    """Names for the trainer's list: enrolled first, then waiting, in the order they asked."""
    return (session.enrolments.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING])
            .select_related("person").order_by("-state", "created_at", "pk"))


def space_bookings(space, *, now=None) -> QuerySet:
    now = now or timezone.now()
    return (space.bookings.filter(state=BookingState.BOOKED, starts_at__gte=now - dt.timedelta(days=1))
            .select_related("person").order_by("starts_at"))


def attended_enrolments(person) -> QuerySet:
    """Sessions the person was present at (newest first): each gives a certificate of attendance."""
    return (Enrolment.objects.filter(person=person, state=EnrolmentState.ENROLLED, attendance="present")
            .select_related("session__workshop", "session__partner").order_by("-session__starts_at", "-pk"))


def get_attended_enrolment_for_tenant(person, pk) -> Enrolment:
    try:
        return attended_enrolments(person).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404 from None


# --- enrolling a tenant who calls or comes to the counter ------------------------------------------

# Who enrols tenants taking a call: the inclusion officer, and the agents and managers at the
# counter. They find the person by name or tenancy number, and see nothing else of their file.
ENROL_ROLES = INCLUSION_ROLES | {Role.AGENT}
MAX_FOUND = 20


def _enrol_agency_ids(user) -> list[int] | None:
    if user is None or not user.is_authenticated or user.role not in ENROL_ROLES:
        return None
    return list(user.agencies.values_list("pk", flat=True))


def _enrollable_persons(user) -> QuerySet:
    from palier.tenancies.models import Person, Tenancy

    agencies = _enrol_agency_ids(user)
    if not agencies:
        return Person.objects.none()
    current = Tenancy.objects.current().filter(dwelling__building__estate__agency_id__in=agencies)
    return Person.objects.filter(household_id__in=current.values("household_id"))


def find_persons_to_enrol(user, query: str) -> list:
    """Persons of the households currently renting in `user`'s agencies whose tenancy number is
    `query`, or whose names hold every word of it; at most MAX_FOUND, by name. Each carries
    `tenancy_number` and `estate_name`, enough to tell two people of the same name apart."""
    from palier.tenancies.models import Tenancy

    query = " ".join((query or "").split())[:100]
    if not query:
        return []
    compact = query.replace(" ", "")
    people = _enrollable_persons(user)
    if compact.isdigit():
        people = people.filter(household__tenancies__number=compact)
    else:
        words = [w for w in query.split(" ") if len(w) >= 2]
        if not words:
            return []
        for word in words:
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    found = list(people.distinct().order_by("last_name", "first_name", "pk")[:MAX_FOUND])
    tenancies = {t.household_id: t for t in Tenancy.objects.current()
                 .filter(household_id__in={p.household_id for p in found})
                 .select_related("dwelling__building__estate").order_by("start_date")}
    for person in found:
        tenancy = tenancies.get(person.household_id)
        person.tenancy_number = tenancy.number if tenancy else ""
        person.estate_name = tenancy.dwelling.building.estate.name if tenancy else ""
    return found


def get_person_to_enrol(acting, pk):
    """A person staff may enrol (see find_persons_to_enrol); anything else is a 404."""
    return _get(_enrollable_persons(acting.user).select_related("household"), pk)


def sessions_open_to(person) -> QuerySet:
    """The sessions still to come in the person's agency, with their counts, soonest first."""
    return upcoming_sessions(agency_id=person_agency_id(person))


def get_enrolment_for(acting, pk) -> Enrolment:
    """A live enrolment in a session of the staff member's agencies; anything else is a 404."""
    agencies = _enrol_agency_ids(acting.user)
    if agencies is None:
        raise Http404
    return _get(Enrolment.objects.filter(session__workshop__agency_id__in=agencies,
                                         state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING])
                .select_related("session__workshop", "person"), pk)
