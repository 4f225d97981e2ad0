"""Ask to be called back, from the web portal or the kiosk: one question, then a confirmation."""

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from palier.contact import services as contact
from palier.contact.models import CallbackWhen, Topic
from palier.contact.queries import open_callback_of
from palier.contact.services import CALLBACK_WORKING_DAYS, callback_days
from palier.core.errors import DomainError
from palier.mandates.scopes import Scope
from palier.tenancies.queries import current_tenancy_of

from .forms import CallbackForm
from .help import help_contact
from .served import served_person


class CallbackSlotForm(CallbackForm):
    """The call-back question with its slot: which day, which half-day, about what."""

    day = forms.TypedChoiceField(label=_("Which day?"), required=False, widget=forms.RadioSelect,
                                 coerce=dt.date.fromisoformat)
    topic = forms.ChoiceField(label=_("What is it about?"), required=False, choices=Topic.choices,
                              widget=forms.RadioSelect)
    field_order = ["day", "when", "topic", "phone", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), date_format(d, "l j F")) for d in callback_days()]


def callback_page(request, *, render_page, done_url: str, channel: str):
    """The question page. `render_page(template_part, context)` draws it in the front end's layout."""
    person = served_person(request, Scope.MESSAGES)
    if current_tenancy_of(person) is None:
        raise Http404
    if request.method == "POST":
        form = CallbackSlotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact.request_callback(acting=request.acting, person=person, phone=data["phone"],
                                         when=data["when"], note=data["note"], channel=channel,
                                         topic=data["topic"] or Topic.OTHER, day=data["day"] or None)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(done_url)
    else:
        form = CallbackSlotForm(initial={"phone": person.phone, "when": CallbackWhen.ANY, "topic": Topic.OTHER,
                                         "day": callback_days()[0].isoformat()})
    return render_page("portal/callback.html", {"form": form, "person": person})


def callback_done_page(request, *, render_page, form_url: str, cancel_url: str = ""):
    """The confirmation: who will call, and within how many working days."""
    person = served_person(request, Scope.MESSAGES)
    callback = open_callback_of(person)
    if callback is None:
        return redirect(form_url)
    return render_page("portal/callback_done.html", {
        "callback": callback, "officer": callback.tenancy.housing_officer,
        "days": CALLBACK_WORKING_DAYS, "cancel_url": cancel_url,
    })


def callback_cancel_page(request, *, form_url: str):
    """The tenant no longer needs the call (POST only)."""
    person = served_person(request, Scope.MESSAGES)
    callback = open_callback_of(person)
    if callback is not None:
        contact.cancel_callback(acting=request.acting, callback=callback)
    return redirect(form_url + "?cancelled=1")


def portal_render(request, *, back_url: str):
    def render_page(template, context):
        return render(request, template, {**context, "help": help_contact(request), "back_url": back_url,
                                          "base_template": "portal/base.html"})

    return render_page


@login_required
def callback(request):
    return callback_page(request, render_page=portal_render(request, back_url=reverse("portal:home")),
                         done_url=reverse("portal:callback-done"), channel="portal")


@login_required
def callback_done(request):
    return callback_done_page(request, render_page=portal_render(request, back_url=reverse("portal:home")),
                              form_url=reverse("portal:callback"), cancel_url=reverse("portal:callback-cancel"))


@login_required
@require_POST
def callback_cancel(request):
    return callback_cancel_page(request, form_url=reverse("portal:callback"))
