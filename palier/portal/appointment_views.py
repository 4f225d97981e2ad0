"""Appointments, for the tenant (or their helper): see what is booked, book a time, move it,
cancel it. The same page functions serve the kiosk."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from palier.contact import appointments
from palier.contact.models import AppointmentKind, Topic
from palier.contact.queries import appointments_of, free_slots, get_appointment_for_person, get_slot_for
from palier.core.errors import DomainError
from palier.mandates.scopes import Scope
from palier.tenancies.queries import current_tenancy_of

from .conversation_views import acting_for
from .help import help_contact
from .served import served_person


def slot_label(slot) -> str:
    local = timezone.localtime(slot.starts_at)
    return f"{date_format(local.date(), 'l j F')}, {local:%H:%M}"


class BookForm(forms.Form):
    slot = forms.ChoiceField(label=_("Which time?"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose a time.")})
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices, initial=Topic.OTHER)
    note = forms.CharField(label=_("Anything we should know? (optional)"), required=False, max_length=300,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(str(s.pk), slot_label(s)) for s in slots]


class MoveForm(BookForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["topic"]
        del self.fields["note"]


def _agency_id(person):
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        from django.http import Http404

        raise Http404
    return tenancy.dwelling.building.estate.agency_id


def slot_gone_message(agency_id, pk) -> str:
    from django.http import Http404

    try:
        slot = get_slot_for(agency_id, pk)
    except Http404:
        return _("Your agency does not offer this time. Choose another time.")
    if slot.starts_at <= timezone.now():
        return _("This time is past. Choose another time.")
    return _("Someone has just booked this time. Choose another time.")


def _slot_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- page functions shared with the kiosk ------------------------------------------------------


def list_page(request, person, *, render_page, urls):
    return render_page("portal/contact/appointments.html", {
        "appointments": appointments_of(person), "urls": urls,
        "moved": request.GET.get("moved"), "cancelled": request.GET.get("cancelled"),
        "booked": request.GET.get("booked"),
    })


def book_page(request, person, *, render_page, urls, done):
    agency_id = _agency_id(person)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in AppointmentKind.values:
        return render_page("portal/contact/appointment_kind.html", {"kinds": AppointmentKind.choices, "urls": urls})
    slots = free_slots(agency_id, kind)
    form = BookForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = get_slot_for(agency_id, form.cleaned_data["slot"])
        try:
            appointments.book_appointment(acting=acting_for(request, person), person=person, slot=slot,
                                          topic=form.cleaned_data["topic"], note=form.cleaned_data["note"])
        except DomainError as exc:
            _slot_error(form, exc)
            form.fields["slot"].choices = [(str(s.pk), slot_label(s)) for s in free_slots(agency_id, kind)]
        else:
            return redirect(done)
    elif request.method == "POST" and "slot" in form.errors and request.POST.get("slot"):
        # The time chosen is no longer offered: it is past, or someone took it. Say which, in words.
        form.errors["slot"] = form.error_class([slot_gone_message(agency_id, request.POST["slot"])])
    return render_page("portal/contact/appointment_book.html", {
        "form": form, "kind": kind, "kind_label": AppointmentKind(kind).label, "urls": urls})


def move_page(request, person, pk, *, render_page, urls, done):
    appointment = get_appointment_for_person(person, pk)
    agency_id = appointment.slot.agency_id
    slots = [s for s in free_slots(agency_id, appointment.slot.kind)]
    form = MoveForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = get_slot_for(agency_id, form.cleaned_data["slot"])
        try:
            appointments.move_appointment(acting=acting_for(request, person), appointment=appointment, slot=slot)
        except DomainError as exc:
            _slot_error(form, exc)
        else:
            return redirect(done)
    elif request.method == "POST" and "slot" in form.errors and request.POST.get("slot"):
        form.errors["slot"] = form.error_class([slot_gone_message(agency_id, request.POST["slot"])])
    return render_page("portal/contact/appointment_move.html", {
        "form": form, "appointment": appointment, "current": slot_label(appointment.slot), "urls": urls})


def cancel_action(request, person, pk, *, done):
    appointment = get_appointment_for_person(person, pk)
    appointments.cancel_appointment(acting=acting_for(request, person), appointment=appointment)
    return redirect(done)


# --- the portal --------------------------------------------------------------------------------

PORTAL_URLS = {"list": "portal:appointments", "book": "portal:appointment-book", "move": "portal:appointment-move",
               "cancel": "portal:appointment-cancel"}


def _portal(request):
    def render_page(template, context):
        return render(request, template, {**context, "help": help_contact(request), "nav": "appointments",
                                          "base_template": "portal/base.html"})

    return render_page


@login_required
def appointment_list(request):
    person = served_person(request, Scope.MESSAGES)
    return list_page(request, person, render_page=_portal(request), urls=PORTAL_URLS)


@login_required
def appointment_book(request):
    person = served_person(request, Scope.MESSAGES)
    return book_page(request, person, render_page=_portal(request), urls=PORTAL_URLS,
                     done=reverse("portal:appointments") + "?booked=1")


@login_required
def appointment_move(request, pk):
    person = served_person(request, Scope.MESSAGES)
    return move_page(request, person, pk, render_page=_portal(request), urls=PORTAL_URLS,
                     done=reverse("portal:appointments") + "?moved=1")


@login_required
@require_POST
def appointment_cancel(request, pk):
    person = served_person(request, Scope.MESSAGES)
    return cancel_action(request, person, pk, done=reverse("portal:appointments") + "?cancelled=1")
