"""Appointments in the back office: the agency's bookings day by day from a chosen day on (today
by default), publishing free times, booking, moving or cancelling for a tenant on the phone or at
the counter."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.contact import appointments
from palier.contact.models import AppointmentKind, Topic
from palier.contact.queries import free_slots, get_appointment_for_staff, get_slot_for, staff_appointments
from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.estates.models import Agency
from palier.portal.appointment_views import slot_gone_message, slot_label
from palier.tenancies.search import get_tenancy_for

from .permissions import CALLBACKS, nav_for, staff_only

APPOINTMENTS = CALLBACKS
# Bookings shown on one page of the list, from the chosen day on.
DAYS_PAGE = 50


class SlotsForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AppointmentKind.choices)
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    first = forms.TimeField(label=gettext_lazy("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    last = forms.TimeField(label=gettext_lazy("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=gettext_lazy("Minutes per appointment"), initial=30, min_value=10,
                                 max_value=240)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(staff=user).order_by("name")


# How a tenant reaches the agent who books, moves or cancels for them (the audit trail keeps it).
CONTACT_CHANNELS = [(Channel.PHONE, gettext_lazy("on the phone")), (Channel.COUNTER, gettext_lazy("at the counter"))]


class StaffBookForm(forms.Form):
    person = forms.ChoiceField(label=gettext_lazy("For"))
    slot = forms.ChoiceField(label=gettext_lazy("Time"))
    topic = forms.ChoiceField(label=gettext_lazy("About"), choices=Topic.choices, initial=Topic.OTHER)
    channel = forms.ChoiceField(label=gettext_lazy("The tenant asked"), choices=CONTACT_CHANNELS)


class StaffChannelForm(forms.Form):
    """How the tenant reached the agent (phone by default): it goes into the audit trail."""

    channel = forms.ChoiceField(label=gettext_lazy("The tenant asked"), choices=CONTACT_CHANNELS,
                                initial=Channel.PHONE, required=False)

    def chosen(self) -> str:
        return (self.cleaned_data.get("channel") if self.is_valid() else "") or Channel.PHONE


class StaffMoveForm(forms.Form):
    slot = forms.ChoiceField(label=gettext_lazy("New time"))
    channel = forms.ChoiceField(label=gettext_lazy("The tenant asked"), choices=CONTACT_CHANNELS)


def _day(request):
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@staff_only(APPOINTMENTS)
def appointment_list(request):
    day = _day(request)
    form = SlotsForm(request.POST or None, user=request.user, initial={"day": day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = appointments.publish_slots(acting=request.acting, agency=data["agency"], kind=data["kind"],
                                               day=data["day"], first=data["first"], last=data["last"],
                                               minutes=data["minutes"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(count)s times are offered.") % {"count": added})
            return redirect(f"{request.path}?day={data['day'].isoformat()}")
    page = Paginator(staff_appointments(request.user, from_day=day), DAYS_PAGE).get_page(request.GET.get("page"))
    return render(request, "backoffice/contact/appointments.html", {
        "day": day, "days": _by_day(page), "page": page, "form": form, "contact_channels": CONTACT_CHANNELS,
        "nav": nav_for(request.user), "here": "appointments",
    })


def _by_day(page) -> list[tuple[dt.date, list]]:
    """The bookings of one page, grouped by their local day."""
    days: dict[dt.date, list] = {}
    for appointment in page:
        days.setdefault(timezone.localtime(appointment.slot.starts_at).date(), []).append(appointment)
    return list(days.items())


@staff_only(APPOINTMENTS)
def appointment_book(request, pk):
    """Book for a tenant of the file `pk` (the tenancy)."""
    tenancy = get_tenancy_for(request.acting, pk)
    agency_id = tenancy.dwelling.building.estate.agency_id
    persons = list(tenancy.household.persons.all())
    slots = [s for kind in AppointmentKind.values for s in free_slots(agency_id, kind, limit=20)]
    slots.sort(key=lambda s: s.starts_at)
    form = StaffBookForm(request.POST or None)
    form.fields["person"].choices = [(str(p.pk), p.full_name) for p in persons]
    form.fields["slot"].choices = [(str(s.pk), f"{slot_label(s)} – {s.get_kind_display()}") for s in slots]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in persons if str(p.pk) == data["person"])
        slot = get_slot_for(agency_id, data["slot"])
        try:
            appointment = appointments.book_appointment(
                acting=request.acting.on_behalf_of(person, channel=data["channel"]), person=person, slot=slot,
                topic=data["topic"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The appointment is booked; %(name)s is told.") % {"name": person.full_name})
            _warn_if_no_letter(request, appointment)
            return redirect("backoffice:appointment-list")
    elif request.method == "POST" and "slot" in form.errors and request.POST.get("slot"):
        # The time chosen is no longer offered: it is past, or someone took it. Say which, in words.
        form.errors["slot"] = form.error_class([slot_gone_message(agency_id, request.POST["slot"])])
    return render(request, "backoffice/contact/appointment_book.html", {
        "tenancy": tenancy, "form": form, "nav": nav_for(request.user), "here": "appointments",
    })


def _warn_if_no_letter(request, appointment):
    """Paper is how this tenant reads us, but a letter would come after the appointment."""
    if appointments.letter_too_late(appointment):
        messages.warning(request, _("%(name)s gets no letter: it would arrive too late. Give them the time now.")
                         % {"name": appointment.person.full_name})


def _refused_slot(agency_id, kind, pk) -> str:
    try:
        if get_slot_for(agency_id, pk).kind != kind:
            return _("Choose another time of the same kind.")
    except Http404:
        pass
    return slot_gone_message(agency_id, pk)


@staff_only(APPOINTMENTS)
def appointment_move(request, pk):
    """Move a booking of the agent's agencies to another free time of the same agency and kind."""
    appointment = get_appointment_for_staff(request.acting, pk)
    agency_id, kind = appointment.slot.agency_id, appointment.slot.kind

    def offer(form):
        form.fields["slot"].choices = [(str(s.pk), slot_label(s)) for s in free_slots(agency_id, kind)
                                       if s.pk != appointment.slot_id]

    form = StaffMoveForm(request.POST or None, initial={"channel": Channel.PHONE})
    offer(form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = get_slot_for(agency_id, data["slot"])
        try:
            moved = appointments.move_appointment(
                acting=request.acting.on_behalf_of(appointment.person, channel=data["channel"]),
                appointment=appointment, slot=slot)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            offer(form)
        else:
            messages.success(request, _("The appointment is moved; %(name)s is told.")
                             % {"name": appointment.person.full_name})
            _warn_if_no_letter(request, moved)
            return redirect("backoffice:appointment-list")
    elif request.method == "POST" and "slot" in form.errors and request.POST.get("slot"):
        # The time chosen is not offered: it is past, taken, of another kind or agency. Say which, in words.
        form.errors["slot"] = form.error_class([_refused_slot(agency_id, kind, request.POST["slot"])])
    return render(request, "backoffice/contact/appointment_move.html", {
        "appointment": appointment, "current": slot_label(appointment.slot), "form": form,
        "nav": nav_for(request.user), "here": "appointments",
    })


@staff_only(APPOINTMENTS)
@require_POST
def appointment_cancel(request, pk):
    appointment = get_appointment_for_staff(request.acting, pk)
    channel = StaffChannelForm(request.POST).chosen()
    appointments.cancel_appointment(acting=request.acting.on_behalf_of(appointment.person, channel=channel),
                                    appointment=appointment)
    messages.success(request, _("The appointment is cancelled; the tenant is told."))
    return redirect("backoffice:appointment-list")
