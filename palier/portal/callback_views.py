"""Ask to be called back, from the web portal or the kiosk: one question, then a confirmation."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from palier.contact import services as contact
from palier.contact.models import CallbackWhen
from palier.contact.queries import open_callback_of
from palier.contact.services import CALLBACK_WORKING_DAYS
from palier.core.errors import DomainError
from palier.tenancies.queries import current_tenancy_of, person_of

from .forms import CallbackForm
from .help import help_contact


def callback_page(request, *, render_page, done_url: str, channel: str):
    """The question page. `render_page(template_part, context)` draws it in the front end's layout."""
    person = person_of(request.user)
    if person is None or current_tenancy_of(person) is None:
        raise Http404
    if request.method == "POST":
        form = CallbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact.request_callback(acting=request.acting, person=person, phone=data["phone"],
                                         when=data["when"], note=data["note"], channel=channel)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(done_url)
    else:
        form = CallbackForm(initial={"phone": person.phone, "when": CallbackWhen.ANY})
    return render_page("portal/callback.html", {"form": form, "person": person})


def callback_done_page(request, *, render_page, form_url: str):
    """The confirmation: who will call, and within how many working days."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    callback = open_callback_of(person)
    if callback is None:
        return redirect(form_url)
    return render_page("portal/callback_done.html", {
        "callback": callback, "officer": callback.tenancy.housing_officer,
        "days": CALLBACK_WORKING_DAYS,
    })


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
                              form_url=reverse("portal:callback"))
