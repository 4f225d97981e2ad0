"""Appointments: agencies publish times (at the counter, by phone, at home); tenants, helpers or
agents book, move or cancel them; a reminder goes out the day before.

Every message goes through the person's own channels. A text message goes only to someone who
chose SMS and has a mobile number. A letter goes only when the appointment is at least
LETTER_DAYS away, at booking time (it would arrive too late otherwise): the confirmation then
says no letter is coming, and the reminder of the day before never goes on paper. A booking made
on the eve or the same day gets no reminder run: its confirmation, sent at once, is its reminder.

One time is booked once: the database holds at most one live booking per slot (a partial unique
index), so when two tenants click at the same moment the second is told, in words, to choose
another time."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import is_mobile_phone
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.services import channels_for, notify
from palier.tenancies.models import Person
from palier.tenancies.queries import current_tenancy_of

from .models import Appointment, AppointmentKind, AppointmentSlot, AppointmentState, Topic
from .services import checked_note

BOOKED_SUBJECT = gettext_lazy("Your appointment")
BOOKED_BODY = gettext_lazy("Your appointment is booked: %(when)s, %(kind)s. %(where)s")
MOVED_BODY = gettext_lazy("Your appointment is moved to %(when)s, %(kind)s. %(where)s")
CANCELLED_BODY = gettext_lazy("Your appointment of %(when)s is cancelled.")
REMINDER_SUBJECT = gettext_lazy("Reminder: your appointment tomorrow")
REMINDER_BODY = gettext_lazy("Reminder: you have an appointment tomorrow, %(when)s, %(kind)s. %(where)s "
                             "To move it, call %(phone)s.")
NO_LETTER = gettext_lazy("We do not send a letter: it would arrive after the appointment.")
MAX_SLOTS_PER_DAY = 40
# A letter queued today reaches the tenant within about three days (the paper batch, the post).
LETTER_DAYS = 3


def _when(slot: AppointmentSlot) -> str:
    local = timezone.localtime(slot.starts_at)
    return f"{date_format(local.date(), 'l j F Y')} {local:%H:%M}"


def _where(slot: AppointmentSlot) -> str:
    if slot.kind == AppointmentKind.COUNTER:
        return _("Address: %(address)s.") % {"address": slot.agency.address}
    if slot.kind == AppointmentKind.PHONE:
        return _("We will call you.")
    return _("We will come to your home.")


def _channels(person) -> list[tuple[str, str]]:
    """The person's chosen channels, with a text message only to a mobile number (a landline
    cannot receive one); paper when nothing else reaches them."""
    pairs = [(channel, to) for channel, to in channels_for(person) if channel != "sms" or is_mobile_phone(to)]
    return pairs or [("letter", "")]


def _without_letter(person, pairs) -> list[tuple[str, str]]:
    """The channels but paper; the inbox when paper was all the person had (and they have an account)."""
    others = [(channel, to) for channel, to in pairs if channel != "letter"]
    if not others and person.user_id:
        others = [("portal", "")]
    return others


def letter_too_late(appointment: Appointment, *, now: dt.datetime | None = None) -> bool:
    """Whether paper is one of the person's channels but the appointment is too close for a letter
    (less than LETTER_DAYS away): the person then gets no letter about it."""
    now = now or timezone.now()
    return (appointment.slot.starts_at - now < dt.timedelta(days=LETTER_DAYS)
            and any(channel == "letter" for channel, _to in _channels(appointment.person)))


def _tell(acting, appointment, body, key):
    slot = appointment.slot
    pairs = _channels(appointment.person)
    no_letter = letter_too_late(appointment)
    if no_letter:
        pairs = _without_letter(appointment.person, pairs)

    def render():
        text = body % {"when": _when(slot), "kind": slot.get_kind_display().lower(), "where": _where(slot)}
        return BOOKED_SUBJECT, f"{text} {NO_LETTER}" if no_letter else text

    notify(acting=acting, person=appointment.person, render=render, key=key, topic=f"appointment:{appointment.pk}",
           channels=pairs)


def _remind_now_if_close(appointment: Appointment) -> None:
    """The daily run reminds the appointments of the next day. A booking for tomorrow or today may
    come after that run: its confirmation, sent at once, stands for the reminder."""
    if timezone.localtime(appointment.slot.starts_at).date() <= timezone.localdate() + dt.timedelta(days=1):
        appointment.reminded_at = timezone.now()
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=appointment.reminded_at)


@transaction.atomic
def publish_slots(*, acting: Acting, agency, kind: str, day: dt.date, first: dt.time, last: dt.time,
                  minutes: int = 30, staff=None) -> int:
    """Offer times on `day` from `first` until `last`, one every `minutes`. Times already offered
    are kept. Raises DomainError for a day in the past, a wrong order, or more than
    MAX_SLOTS_PER_DAY times. Returns how many times were added."""
    if kind not in AppointmentKind.values:
        raise DomainError(_("Choose the kind of appointment."), field="kind")
    if day < timezone.localdate():
        raise DomainError(_("This day is past. Choose a day from today."), field="day")
    if last <= first or not 10 <= minutes <= 240:
        raise DomainError(_("The end must come after the start, and an appointment lasts 10 to 240 minutes."),
                          field="last")
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, first, tzinfo=tz)
    end = dt.datetime.combine(day, last, tzinfo=tz)
    times = []
    while start + dt.timedelta(minutes=minutes) <= end:
        times.append(start)
        start += dt.timedelta(minutes=minutes)
    if len(times) > MAX_SLOTS_PER_DAY:
        raise DomainError(_("That is too many times for one day. Choose longer appointments."), field="minutes")
    existing = set(AppointmentSlot.objects.filter(agency=agency, kind=kind, staff=staff, starts_at__in=times)
                   .values_list("starts_at", flat=True))
    new = [AppointmentSlot(agency=agency, kind=kind, staff=staff, starts_at=t,
                           ends_at=t + dt.timedelta(minutes=minutes)) for t in times if t not in existing]
    AppointmentSlot.objects.bulk_create(new)
    record(acting, "contact.slots_published", target=agency, data={"kind": kind, "day": day.isoformat(),
                                                                   "slots": len(new)})
    return len(new)


def _check_slot(slot: AppointmentSlot, tenancy) -> None:
    if slot.starts_at <= timezone.now():
        raise DomainError(_("This time is past. Choose another time."), field="slot")
    if slot.withdrawn or slot.agency_id != tenancy.dwelling.building.estate.agency_id:
        raise DomainError(_("Your agency does not offer this time. Choose another time."), field="slot")


def _book(*, acting, person, tenancy, slot, topic, note) -> Appointment:
    try:
        with transaction.atomic():
            return Appointment.objects.create(
                slot=slot, tenancy=tenancy, person=person, topic=topic, note=note,
                booked_by=acting.user if acting.is_authenticated else None, channel=acting.channel,
            )
    except IntegrityError:
        raise DomainError(_("Someone has just booked this time. Choose another time."), field="slot") from None


@transaction.atomic
def book_appointment(*, acting: Acting, person: Person, slot: AppointmentSlot, topic: str = Topic.OTHER,
                     note: str = "") -> Appointment:
    """Book `slot` for `person` (by themself, a helper or an agent: `acting` says who). Raises
    DomainError for a time past, taken, withdrawn or of another agency; nothing is written then."""
    if topic not in Topic.values:
        raise DomainError(_("Choose what it is about."), field="topic")
    note = checked_note(note, 300)
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise DomainError(_("We cannot find your home. Please call your agency."))
    slot = AppointmentSlot.objects.select_related("agency").get(pk=slot.pk)
    _check_slot(slot, tenancy)
    appointment = _book(acting=acting, person=person, tenancy=tenancy, slot=slot, topic=topic, note=note)
    record(acting, "contact.appointment_booked", target=appointment, subject_person_id=person.pk,
           data={"kind": slot.kind, "starts_at": slot.starts_at.isoformat()})
    _tell(acting, appointment, BOOKED_BODY, key=f"appointment-{appointment.pk}-booked")
    _remind_now_if_close(appointment)
    return appointment


@transaction.atomic
def move_appointment(*, acting: Acting, appointment: Appointment, slot: AppointmentSlot) -> Appointment:
    """Move a booking to another time of the same kind: the new time is booked and the old one
    freed, or neither. Raises DomainError as book_appointment does, and for a time of another kind."""
    current = Appointment.objects.select_for_update(of=("self",)).select_related("slot").get(pk=appointment.pk)
    if current.state != AppointmentState.BOOKED:
        raise DomainError(_("This appointment is no longer booked."))
    slot = AppointmentSlot.objects.select_related("agency").get(pk=slot.pk)
    if slot.kind != current.slot.kind or slot.pk == current.slot_id:
        raise DomainError(_("Choose another time of the same kind."), field="slot")
    _check_slot(slot, current.tenancy)
    current.state = AppointmentState.MOVED
    current.save(update_fields=["state"])
    moved = _book(acting=acting, person=current.person, tenancy=current.tenancy, slot=slot, topic=current.topic,
                  note=current.note)
    record(acting, "contact.appointment_moved", target=moved, subject_person_id=current.person_id,
           data={"from": current.slot.starts_at.isoformat(), "to": slot.starts_at.isoformat()})
    _tell(acting, moved, MOVED_BODY, key=f"appointment-{moved.pk}-moved")
    _remind_now_if_close(moved)
    return moved


@transaction.atomic
def cancel_appointment(*, acting: Acting, appointment: Appointment) -> None:
    """Free the time. Cancelling twice changes nothing."""
    if not Appointment.objects.filter(pk=appointment.pk, state=AppointmentState.BOOKED).update(
            state=AppointmentState.CANCELLED):
        return
    record(acting, "contact.appointment_cancelled", target=appointment, subject_person_id=appointment.person_id)
    _tell(acting, appointment, CANCELLED_BODY, key=f"appointment-{appointment.pk}-cancelled")


def _reminder_channels(person):
    """The day before: the person's channels but paper (a letter would arrive too late; paper
    readers got theirs when they booked)."""
    return _without_letter(person, _channels(person))


@transaction.atomic
def send_reminders(*, acting: Acting, today: dt.date | None = None) -> int:
    """Remind every booking of tomorrow, once (run daily). Returns how many were reminded."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    due = list(
        Appointment.objects.select_for_update(of=("self",)).filter(
            state=AppointmentState.BOOKED, reminded_at__isnull=True, slot__starts_at__date=tomorrow)
        .select_related("slot__agency", "person")
    )
    for appointment in due:
        slot = appointment.slot

        def render(slot=slot):
            return REMINDER_SUBJECT, REMINDER_BODY % {"when": _when(slot), "kind": slot.get_kind_display().lower(),
                                                      "where": _where(slot), "phone": slot.agency.phone}

        notify(acting=acting, person=appointment.person, render=render, key=f"appointment-{appointment.pk}-reminder",
               topic=f"appointment:{appointment.pk}", channels=_reminder_channels(appointment.person))
    Appointment.objects.filter(pk__in=[a.pk for a in due]).update(reminded_at=timezone.now())
    if due:
        record(acting, "contact.appointment_reminded", data={"appointments": len(due)})
    return len(due)
