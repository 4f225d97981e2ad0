"""Every change to workshops, enrolments, digital spaces and self-assessments.

Each function: keyword-only, `acting` first, one transaction, one audit event; messages to tenants
go through the outbox, in the tenant's language."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from palier.accounts.identifiers import normalise_phone
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.services import queue_message
from palier.tenancies.models import Person

from .models import (
    LANGUAGES,
    Answer,
    Attendance,
    BookingState,
    DigitalSpace,
    Enrolment,
    EnrolmentState,
    Partner,
    SelfAssessment,
    SpaceBooking,
    SpaceHours,
    Workshop,
    WorkshopSession,
)
from .queries import opening_slots, person_agency_id, text_of

# A tenant holds at most this many future bookings of digital spaces at a time, so one household
# cannot take a whole week of the only computer room.
MAX_FUTURE_BOOKINGS = 3


# --- messages ----------------------------------------------------------------------------------


def _channels(person: Person, *, soon: bool = False) -> list[tuple[str, str]]:
    """(outbox channel, address) pairs for a message to `person`: their e-mail and SMS when they
    chose them; otherwise their Palier inbox, and paper when they chose post. A letter arrives too
    late for a reminder the day before (`soon`), so then the inbox is used instead."""
    chosen = person.channels
    fast = []
    if "email" in chosen:
        fast.append(("email", person.email))
    if "sms" in chosen:
        fast.append(("sms", normalise_phone(person.phone)))
    if fast:
        return fast
    slow = []
    if person.user_id and ("portal" in chosen or soon):
        slow.append(("portal", ""))
    if "post" in chosen and not soon:
        slow.append(("letter", ""))
    return slow or ([("letter", "")] if not soon else [])


def _when(session: WorkshopSession) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{formats.date_format(start, 'l j F Y')}, {formats.time_format(start, 'H:i')}"


def _notify(*, acting: Acting, person: Person, key: str, subject, body, soon: bool = False, **values) -> int:
    """Queue one message per channel of `person`, written in their language. `subject` and `body`
    are lazy strings with %(name)s placeholders filled from `values` (callables get the language)."""
    sent = 0
    with translation.override(person.language):
        filled = {k: (v() if callable(v) else v) for k, v in values.items()}
        subject_text, body_text = str(subject) % filled, str(body) % filled
    for channel, to in _channels(person, soon=soon):
        queue_message(acting=acting, channel=channel, to=to, subject=subject_text, body=body_text,
                      language=person.language, user=person.user, person=person,
                      idempotency_key=f"{key}-{channel}")
        sent += 1
    return sent


def _session_values(session: WorkshopSession) -> dict:
    return {
        "title": lambda: text_of(session.workshop, "title", translation.get_language()),
        "when": lambda: _when(session),
        "place": session.place,
    }


CONFIRM_SUBJECT = translation.gettext_lazy("Workshop: you are enrolled")
CONFIRM_BODY = translation.gettext_lazy(
    "You are enrolled in the workshop “%(title)s”.\nWhen: %(when)s.\nWhere: %(place)s.\n"
    "If you cannot come, cancel your place so that someone else can come.")
WAITING_SUBJECT = translation.gettext_lazy("Workshop: you are on the waiting list")
WAITING_BODY = translation.gettext_lazy(
    "The workshop “%(title)s” on %(when)s is full. You are on the waiting list.\n"
    "If a place frees up, it is yours and we tell you.")
PROMOTED_SUBJECT = translation.gettext_lazy("Workshop: a place is free for you")
PROMOTED_BODY = translation.gettext_lazy(
    "A place is free in the workshop “%(title)s”. You are now enrolled.\nWhen: %(when)s.\nWhere: %(place)s.")
REMINDER_SUBJECT = translation.gettext_lazy("Reminder: workshop tomorrow")
REMINDER_BODY = translation.gettext_lazy(
    "Tomorrow: the workshop “%(title)s”.\nWhen: %(when)s.\nWhere: %(place)s.\nSee you there!")
SESSION_CANCELLED_SUBJECT = translation.gettext_lazy("Workshop cancelled")
SESSION_CANCELLED_BODY = translation.gettext_lazy(
    "We are sorry: the workshop “%(title)s” on %(when)s is cancelled.")
BOOKING_SUBJECT = translation.gettext_lazy("Your booking of %(space)s")
BOOKING_BODY = translation.gettext_lazy("You booked %(space)s on %(when)s.\nIf you cannot come, cancel it.")


# --- texts per language --------------------------------------------------------------------------


def _texts(texts: dict[str, dict[str, str]], fields: tuple[str, ...], required_message) -> dict:
    """Flatten {"fr": {"title": …, "description": …}, …} into model fields. French is required;
    another language is all or nothing."""
    values = {}
    for language in LANGUAGES:
        parts = {f: (texts.get(language, {}).get(f) or "").strip() for f in fields}
        if any(parts.values()) and not all(parts.values()):
            raise DomainError(_("Fill in every text of a language, or none."), field=f"{fields[0]}_{language}")
        for f, v in parts.items():
            values[f"{f}_{language}"] = v
    if not all(values[f"{f}_fr"] for f in fields):
        raise DomainError(required_message, field=f"{fields[0]}_fr")
    return values


def _check_agency(acting: Acting, agency) -> None:
    user = acting.user
    if agency is None or user is None or not user.agencies.filter(pk=agency.pk).exists():
        raise DomainError(_("This agency is not yours."), field="agency")


# --- partners and workshops ----------------------------------------------------------------------


@transaction.atomic
def save_partner(*, acting: Acting, partner: Partner | None = None, agency, name: str, kind: str,
                 offers: dict[str, str], address: str = "", phone: str = "", email: str = "", website: str = "",
                 hours: str = "", active: bool = True) -> Partner:
    """Create a partner (no `partner`) or change one. Raises DomainError for a missing name or
    French text, or an agency that is not the actor's."""
    _check_agency(acting, agency)
    if not name.strip():
        raise DomainError(_("Write the partner's name."), field="name")
    values = _texts({k: {"offer": v} for k, v in offers.items()}, ("offer",),
                    _("Say in French what this partner offers."))
    created = partner is None
    partner = partner or Partner()
    for field, value in {**values, "agency": agency, "name": name.strip(), "kind": kind, "address": address.strip(),
                         "phone": phone.strip(), "email": email.strip(), "website": website.strip(),
                         "hours": hours.strip(), "active": active}.items():
        setattr(partner, field, value)
    partner.save()
    record(acting, "inclusion.partner_added" if created else "inclusion.partner_changed", target=partner)
    return partner


@transaction.atomic
def save_workshop(*, acting: Acting, workshop: Workshop | None = None, agency, topic: str,
                  texts: dict[str, dict[str, str]], partner: Partner | None = None) -> Workshop:
    """Create or change a workshop. `texts` maps a language to {"title": …, "description": …}."""
    _check_agency(acting, agency)
    values = _texts(texts, ("title", "description"), _("Write the title and the description in French, at least."))
    created = workshop is None
    workshop = workshop or Workshop()
    for field, value in {**values, "agency": agency, "topic": topic, "partner": partner}.items():
        setattr(workshop, field, value)
    workshop.save()
    record(acting, "inclusion.workshop_added" if created else "inclusion.workshop_changed", target=workshop)
    return workshop


@transaction.atomic
def save_session(*, acting: Acting, session: WorkshopSession | None = None, workshop: Workshop,
                 starts_at: dt.datetime, ends_at: dt.datetime, place: str, capacity: int, language: str = "fr",
                 level: str = "beginner", estate=None, partner: Partner | None = None,
                 trainer: str = "") -> WorkshopSession:
    """Plan a session of `workshop`, or change one. Raising the capacity of a full session moves
    people from its waiting list in, in the order they asked; lowering it below the number enrolled
    is refused."""
    if ends_at <= starts_at:
        raise DomainError(_("The end must come after the start."), field="ends_at")
    if capacity is None or capacity < 1:
        raise DomainError(_("A session has at least one place."), field="capacity")
    if session is None and starts_at <= timezone.now():
        raise DomainError(_("Choose a date in the future."), field="starts_at")
    if estate is not None and estate.agency_id != workshop.agency_id:
        raise DomainError(_("This estate is not in the workshop's agency."), field="estate")
    created = session is None
    if session is not None:
        session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
        enrolled = session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
        if capacity < enrolled:
            raise DomainError(_("%(count)s people are enrolled already: keep at least that many places.")
                              % {"count": enrolled}, field="capacity")
    session = session or WorkshopSession(workshop=workshop)
    for field, value in {"starts_at": starts_at, "ends_at": ends_at, "place": place.strip(), "capacity": capacity,
                         "language": language, "level": level, "estate": estate, "partner": partner,
                         "trainer": trainer.strip()}.items():
        setattr(session, field, value)
    session.save()
    promoted = 0 if created else _fill_from_waiting_list(acting=acting, session=session)
    record(acting, "inclusion.session_planned" if created else "inclusion.session_changed", target=session,
           data={"capacity": capacity, "promoted": promoted})
    return session


@transaction.atomic
def cancel_session(*, acting: Acting, session: WorkshopSession) -> int:
    """Cancel a session; everyone enrolled or waiting is told. Returns how many were told."""
    session = WorkshopSession.objects.select_for_update().select_related("workshop").get(pk=session.pk)
    if session.cancelled_at is not None:
        return 0
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at"])
    told = 0
    live = session.enrolments.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING]).select_related(
        "person__user")
    for enrolment in live:
        _notify(acting=acting, person=enrolment.person, key=f"session-cancelled-{enrolment.pk}",
                subject=SESSION_CANCELLED_SUBJECT, body=SESSION_CANCELLED_BODY,
                **_session_values(session))
        told += 1
    record(acting, "inclusion.session_cancelled", target=session, data={"told": told})
    return told


# --- enrolments ----------------------------------------------------------------------------------


def _check_may_enrol(session: WorkshopSession, person: Person) -> None:
    if session.cancelled_at is not None:
        raise DomainError(_("This workshop is cancelled."))
    if session.starts_at <= timezone.now():
        raise DomainError(_("This workshop has already started. Choose another date."))
    if person_agency_id(person) != session.workshop.agency_id:
        raise DomainError(_("This workshop is not offered in your area."))


@transaction.atomic
def enrol(*, acting: Acting, session: WorkshopSession, person: Person, channel: str | None = None) -> Enrolment:
    """Enrol `person` in `session`: a place when one is left, else the waiting list. Two people
    asking for the last place at once: the session row is locked while the places are counted,
    so exactly one gets it and the other waits. Raises DomainError for a past or cancelled
    session, a session of another agency, or a person already enrolled or waiting."""
    session = WorkshopSession.objects.select_for_update().select_related("workshop").get(pk=session.pk)
    _check_may_enrol(session, person)
    if session.enrolments.filter(person=person, state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING]).exists():
        raise DomainError(_("You are already enrolled in this workshop."))
    enrolled = session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    state = EnrolmentState.ENROLLED if enrolled < session.capacity else EnrolmentState.WAITING
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(session=session, person=person, state=state,
                                                 channel=channel or acting.channel)
    except IntegrityError:  # the same person twice at the same moment
        raise DomainError(_("You are already enrolled in this workshop.")) from None
    subject, body = (CONFIRM_SUBJECT, CONFIRM_BODY) if state == EnrolmentState.ENROLLED else (WAITING_SUBJECT,
                                                                                              WAITING_BODY)
    _notify(acting=acting, person=person, key=f"enrolment-{enrolment.pk}-{state}", subject=subject, body=body,
            **_session_values(session))
    record(acting, "inclusion.enrolled" if state == EnrolmentState.ENROLLED else "inclusion.waitlisted",
           target=session, subject_person_id=person.pk, data={"channel": enrolment.channel})
    return enrolment


def _fill_from_waiting_list(*, acting: Acting, session: WorkshopSession) -> int:
    """Move people from the waiting list in, oldest first, while places are free. The caller
    holds the session's row lock."""
    enrolled = session.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    free = session.capacity - enrolled
    if free <= 0 or session.cancelled_at is not None or session.starts_at <= timezone.now():
        return 0
    waiting = list(session.enrolments.filter(state=EnrolmentState.WAITING).select_related("person__user")
                   .order_by("created_at", "pk")[:free])
    now = timezone.now()
    for enrolment in waiting:
        enrolment.state = EnrolmentState.ENROLLED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["state", "promoted_at"])
        _notify(acting=acting, person=enrolment.person, key=f"enrolment-{enrolment.pk}-promoted",
                subject=PROMOTED_SUBJECT, body=PROMOTED_BODY, **_session_values(session))
    return len(waiting)


@transaction.atomic
def cancel_enrolment(*, acting: Acting, enrolment: Enrolment) -> Enrolment | None:
    """Give a place (or a waiting-list spot) back. The first person waiting gets the freed place
    and is told; returns their enrolment, if any. Cancelling twice changes nothing."""
    session = WorkshopSession.objects.select_for_update().select_related("workshop").get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.state == EnrolmentState.CANCELLED:
        return None
    if session.starts_at <= timezone.now():
        raise DomainError(_("This workshop has already started."))
    was = enrolment.state
    enrolment.state = EnrolmentState.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["state", "cancelled_at"])
    promoted = None
    if was == EnrolmentState.ENROLLED:
        before = set(session.enrolments.filter(state=EnrolmentState.ENROLLED).values_list("pk", flat=True))
        if _fill_from_waiting_list(acting=acting, session=session):
            promoted = session.enrolments.filter(state=EnrolmentState.ENROLLED).exclude(pk__in=before).first()
    record(acting, "inclusion.enrolment_cancelled", target=session, subject_person_id=enrolment.person_id,
           data={"was": was, "promoted": promoted.pk if promoted else None})
    return promoted


@transaction.atomic
def take_attendance(*, acting: Acting, session: WorkshopSession, present: set[int]) -> int:
    """The trainer's list: enrolments whose id is in `present` were there, the other enrolled
    people were not. Allowed from the session's start. Returns how many were present."""
    session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at > timezone.now():
        raise DomainError(_("Attendance is taken once the session has started."))
    count = 0
    for enrolment in session.enrolments.filter(state=EnrolmentState.ENROLLED):
        value = Attendance.PRESENT if enrolment.pk in present else Attendance.ABSENT
        count += value == Attendance.PRESENT
        if enrolment.attendance != value:
            enrolment.attendance = value
            enrolment.save(update_fields=["attendance"])
    record(acting, "inclusion.attendance_taken", target=session, data={"present": count})
    return count


@transaction.atomic
def send_session_reminders(*, acting: Acting, on: dt.date | None = None) -> int:
    """Remind everyone enrolled in a session that starts tomorrow (or the day after `on`). Safe to
    run several times a day: each reminder is queued once. Returns how many were queued."""
    day = (on or timezone.localdate()) + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    enrolments = (Enrolment.objects.filter(state=EnrolmentState.ENROLLED, session__cancelled_at__isnull=True,
                                           session__starts_at__gte=start, session__starts_at__lt=end)
                  .select_related("session__workshop", "person__user"))
    sent = 0
    for enrolment in enrolments:
        sent += _notify(acting=acting, person=enrolment.person, key=f"enrolment-{enrolment.pk}-reminder",
                        subject=REMINDER_SUBJECT, body=REMINDER_BODY, soon=True,
                        **_session_values(enrolment.session))
    if sent:
        record(acting, "inclusion.reminders_sent", data={"day": day.isoformat(), "messages": sent})
    return sent


# --- digital spaces ------------------------------------------------------------------------------


@transaction.atomic
def save_space(*, acting: Acting, space: DigitalSpace | None = None, estate, name: str, place: str = "",
               equipment: str = "", slot_minutes: int = 60, active: bool = True,
               hours: list[tuple[int, dt.time, dt.time]] | None = None) -> DigitalSpace:
    """Create or change a digital space; `hours` (weekday, opens, closes), when given, replace
    its opening hours."""
    _check_agency(acting, estate.agency if estate else None)
    if not name.strip():
        raise DomainError(_("Write the room's name."), field="name")
    if not 15 <= slot_minutes <= 240:
        raise DomainError(_("A slot lasts between 15 and 240 minutes."), field="slot_minutes")
    created = space is None
    space = space or DigitalSpace()
    for field, value in {"estate": estate, "name": name.strip(), "place": place.strip(),
                         "equipment": equipment.strip(), "slot_minutes": slot_minutes, "active": active}.items():
        setattr(space, field, value)
    space.save()
    if hours is not None:
        for _weekday, opens, closes in hours:
            if closes <= opens:
                raise DomainError(_("A room closes after it opens."), field="hours")
        space.hours.all().delete()
        SpaceHours.objects.bulk_create(SpaceHours(space=space, weekday=w, opens=o, closes=c) for w, o, c in hours)
    record(acting, "inclusion.space_added" if created else "inclusion.space_changed", target=space)
    return space


def _check_slot(space: DigitalSpace, starts_at: dt.datetime) -> dt.datetime:
    if starts_at <= timezone.now():
        raise DomainError(_("This time has passed. Choose a later one."), field="slot")
    slots = opening_slots(space, timezone.localdate(starts_at), timezone.localdate(starts_at))
    ends = {s: e for s, e in slots}
    if starts_at not in ends:
        raise DomainError(_("The room is not open at that time."), field="slot")
    return ends[starts_at]


@transaction.atomic
def book_space(*, acting: Acting, space: DigitalSpace, person: Person, starts_at: dt.datetime,
               channel: str | None = None) -> SpaceBooking:
    """Book one slot of a digital space for `person`. Two people booking the same slot at once:
    the database keeps one booking per slot, the second is told the slot is taken. Raises
    DomainError for a past slot, a closed time, a taken slot, or too many future bookings."""
    if not space.active:
        raise DomainError(_("This room cannot be booked at the moment."))
    if person_agency_id(person) != space.estate.agency_id:
        raise DomainError(_("This room is not in your area."))
    ends_at = _check_slot(space, starts_at)
    # Lock the person's row, so that one person booking twice at once is counted right.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    future = SpaceBooking.objects.filter(person=person, state=BookingState.BOOKED, starts_at__gt=timezone.now())
    if future.count() >= MAX_FUTURE_BOOKINGS:
        raise DomainError(_("You already have %(count)s bookings. Cancel one to book another.")
                          % {"count": MAX_FUTURE_BOOKINGS}, field="slot")
    try:
        with transaction.atomic():
            booking = SpaceBooking.objects.create(space=space, person=person, starts_at=starts_at, ends_at=ends_at,
                                                  channel=channel or acting.channel)
    except IntegrityError:
        raise DomainError(_("Someone has just booked this time. Choose another one."), field="slot") from None
    _notify(acting=acting, person=person, key=f"booking-{booking.pk}", subject=BOOKING_SUBJECT, body=BOOKING_BODY,
            space=space.name, when=lambda: _slot_when(starts_at))
    record(acting, "inclusion.space_booked", target=booking, subject_person_id=person.pk,
           data={"channel": booking.channel})
    return booking


def _slot_when(starts_at: dt.datetime) -> str:
    start = timezone.localtime(starts_at)
    return f"{formats.date_format(start, 'l j F Y')}, {formats.time_format(start, 'H:i')}"


@transaction.atomic
def block_slot(*, acting: Acting, space: DigitalSpace, starts_at: dt.datetime, reason: str) -> SpaceBooking:
    """Staff keep a slot for themselves (maintenance, a workshop). Refused when it is booked."""
    _check_agency(acting, space.estate.agency)
    ends_at = _check_slot(space, starts_at)
    try:
        with transaction.atomic():
            booking = SpaceBooking.objects.create(space=space, starts_at=starts_at, ends_at=ends_at,
                                                  blocked_reason=reason.strip()[:200] or "—",
                                                  channel=acting.channel)
    except IntegrityError:
        raise DomainError(_("This time is already booked. Cancel the booking first."), field="slot") from None
    record(acting, "inclusion.slot_blocked", target=booking)
    return booking


@transaction.atomic
def cancel_booking(*, acting: Acting, booking: SpaceBooking) -> None:
    """Free the slot. Cancelling twice, or a slot that has passed, changes nothing."""
    booking = SpaceBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.state == BookingState.CANCELLED or booking.starts_at <= timezone.now():
        return
    booking.state = BookingState.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["state", "cancelled_at"])
    record(acting, "inclusion.booking_cancelled", target=booking, subject_person_id=booking.person_id)


# --- certificates of attendance ------------------------------------------------------------------


CERTIFICATE_SUBJECT = translation.gettext_lazy("Your certificate of attendance")
CERTIFICATE_BODY = translation.gettext_lazy(
    "Certificate of attendance.\nWe certify that %(name)s took part in the workshop “%(title)s” on %(when)s.\n"
    "Place: %(place)s.\n%(landlord)s — %(agency)s")


def send_certificate(*, acting: Acting, enrolment: Enrolment) -> int:
    """Send a certificate of attendance to the person through their own channels (inbox, e-mail,
    SMS, paper as they chose), never as a file left on a shared screen. Only for someone marked
    present; asking again the same day sends nothing more. Returns how many messages were queued."""
    from palier.estates.models import Landlord

    if enrolment.state != EnrolmentState.ENROLLED or enrolment.attendance != Attendance.PRESENT:
        raise DomainError(_("There is no certificate for this workshop."))
    session = enrolment.session
    person = enrolment.person
    with transaction.atomic():
        sent = _notify(
            acting=acting, person=person, key=f"certificate-{enrolment.pk}-{timezone.localdate():%Y-%m-%d}",
            subject=CERTIFICATE_SUBJECT, body=CERTIFICATE_BODY, name=person.full_name,
            title=lambda: text_of(session.workshop, "title", translation.get_language()),
            when=lambda: formats.date_format(timezone.localtime(session.starts_at), "j F Y"),
            place=session.place, landlord=Landlord.current().name, agency=session.workshop.agency.name)
        record(acting, "inclusion.certificate_sent", target=enrolment, subject_person_id=person.pk,
               data={"messages": sent})
    return sent


# --- self-assessment -----------------------------------------------------------------------------


@transaction.atomic
def record_self_assessment(*, acting: Acting, person: Person, internet_at_home: bool, devices: set[str],
                           email: str, forms: str, banking: str, wants_help: bool,
                           channel: str | None = None) -> SelfAssessment:
    """Keep a tenant's answers (a new row each time; the latest counts)."""
    for field, value in (("email", email), ("forms", forms), ("banking", banking)):
        if value not in Answer.values:
            raise DomainError(_("Choose an answer."), field=field)
    assessment = SelfAssessment.objects.create(
        person=person, internet_at_home=internet_at_home, has_smartphone="smartphone" in devices,
        has_computer="computer" in devices, has_tablet="tablet" in devices, email=email, forms=forms,
        banking=banking, wants_help=wants_help, channel=channel or acting.channel,
    )
    record(acting, "inclusion.self_assessment_recorded", target=assessment, subject_person_id=person.pk)
    return assessment
