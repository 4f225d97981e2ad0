"""Workshops, partners, digital spaces and "how to get help" at the kiosk.

Before anyone signs in, the kiosk shows the workshops of its estate, the partners of its agency
and how to get help. A signed-in tenant gets the same pages as on the web portal (take a place,
book a room), drawn in the kiosk's layout."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.inclusion import queries, services
from palier.inclusion.certificates import certificate_context
from palier.mandates.scopes import Scope
from palier.portal import workshop_views as pages
from palier.portal.served import served_person

from .views import _render, kiosk_required

FRONT = "kiosk"


def kiosk_draw(request):
    def draw(template, context):
        return _render(request, template, {**context, "base_template": "kiosk/base.html", "front": FRONT,
                                           "nav": "workshops"})

    return draw


def _person(request):
    return served_person(request, Scope.WORKSHOPS) if request.user.is_authenticated else None


def tenant_only(view):
    """A page for a signed-in tenant: anybody else at the kiosk goes to the sign-in."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@kiosk_required
def workshops(request):
    return pages.workshops_page(request, front=FRONT, draw=kiosk_draw(request), person=_person(request),
                                estate=request.kiosk.estate)


@kiosk_required
def workshop_session(request, pk):
    return pages.session_page(request, pk, front=FRONT, draw=kiosk_draw(request), person=_person(request),
                              kiosk=request.kiosk)


@kiosk_required
@tenant_only
@require_POST
def workshop_enrol(request, pk):
    return pages.enrol_action(request, pk, front=FRONT, person=_person(request))


@kiosk_required
@tenant_only
def workshop_cancel(request, pk):
    return pages.cancel_page(request, pk, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
def partners(request):
    person = _person(request)
    agency_id = queries.person_agency_id(person) if person else request.kiosk.estate.agency_id
    return pages.partners_page(request, front=FRONT, draw=kiosk_draw(request), agency_id=agency_id)


@kiosk_required
def get_help(request):
    """How to get help: from a person you trust (a helper), a workshop, a partner, the agency."""
    return _render(request, "kiosk/inclusion/get_help.html", {
        "base_template": "kiosk/base.html", "front": FRONT,
        "next_session": queries.upcoming_sessions(estate=request.kiosk.estate).first(),
    })


@kiosk_required
@tenant_only
def spaces(request):
    return pages.spaces_page(request, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
@tenant_only
def space(request, pk):
    return pages.space_page(request, pk, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
@tenant_only
def booking_cancel(request, pk):
    return pages.booking_cancel_page(request, pk, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
@tenant_only
def self_assessment(request):
    return pages.self_assessment_page(request, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
@tenant_only
def self_assessment_done(request):
    return pages.self_assessment_done_page(request, front=FRONT, draw=kiosk_draw(request), person=_person(request))


@kiosk_required
@tenant_only
@never_cache
def workshop_certificate(request, pk):
    """The certificate of attendance as a page to print: no file is left on the kiosk. Only a
    session the person served was present at; anything else is a 404."""
    person = _person(request)
    enrolment = queries.get_attended_enrolment_for_tenant(person, pk)
    return _render(request, "kiosk/inclusion/certificate_print.html", {
        **certificate_context(enrolment=enrolment, language=get_language()), "enrolment": enrolment})


@kiosk_required
@tenant_only
@never_cache
@require_POST
def workshop_certificate_send(request, pk):
    """Send the certificate to the person served, through their own channels."""
    person = _person(request)
    enrolment = queries.get_attended_enrolment_for_tenant(person, pk)
    try:
        services.send_certificate(acting=pages.acting_for(request, person), enrolment=enrolment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("We are sending your certificate to you. Look in your messages."))
    return redirect("kiosk:workshops")
