"""Appointments: agencies publish times (at the counter, by phone, at home); tenants, helpers or
agents book, move or cancel them; a reminder goes out the day before.

One time is booked once: the database holds at most one live booking per slot (a partial unique
index), so when two tenants click at the same moment the second is told, in words, to choose
another time."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
MAX_SLOTS_PER_DAY = 40


def _when(slot: AppointmentSlot) -> str:
    local = timezone.localtime(slot.starts_at)
    return f"{date_format(local.date(), 'l j F Y')} {local:%H:%M}"


def _where(slot: AppointmentSlot) -> str:
    if slot.kind == AppointmentKind.COUNTER:
        return _("Address: %(address)s.") % {"address": slot.agency.address}
    if slot.kind == AppointmentKind.PHONE:
        return _("We will call you.")
    return _("We will come to your home.")


def _tell(acting, appointment, body, key):
    slot = appointment.slot

    def render():
        return BOOKED_SUBJECT, body % {"when": _when(slot), "kind": slot.get_kind_display().lower(),
                                       "where": _where(slot)}

    notify(acting=acting, person=appointment.person, render=render, key=key, topic=f"appointment:{appointment.pk}")


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
    return appointment


@transaction.atomic
def move_appointment(*, acting: Acting, appointment: Appointment, slot: AppointmentSlot) -> Appointment:
    """Move a booking to another time: the new time is booked and the old one freed, or neither."""
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.state != AppointmentState.BOOKED:
        raise DomainError(_("This appointment is no longer booked."))
    slot = AppointmentSlot.objects.select_related("agency").get(pk=slot.pk)
    _check_slot(slot, current.tenancy)
    current.state = AppointmentState.MOVED
    current.save(update_fields=["state"])
    moved = _book(acting=acting, person=current.person, tenancy=current.tenancy, slot=slot, topic=current.topic,
                  note=current.note)
    record(acting, "contact.appointment_moved", target=moved, subject_person_id=current.person_id,
           data={"from": current.slot.starts_at.isoformat(), "to": slot.starts_at.isoformat()})
    _tell(acting, moved, MOVED_BODY, key=f"appointment-{moved.pk}-moved")
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
    """The day before: a text message when we have a number, else a letter; the inbox too."""
    from palier.accounts.identifiers import normalise_phone

    pairs = [(c, to) for c, to in channels_for(person) if c == "portal"]
    if person.phone:
        pairs.append(("sms", normalise_phone(person.phone)))
    else:
        pairs.append(("letter", ""))
    return pairs


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
