"""Workshops, partners and digital spaces for tenants, on the web portal and at the kiosk.

Each page is written once (`*_page(request, front=…)`) and drawn in the layout of the front end
that calls it: `front` is "portal" or "kiosk", and names the URLs the page links to. The person
served comes from `served_person(request, Scope.WORKSHOPS)`: the tenant, or the tenant a helper
acts for under a mandate with that scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.inclusion import queries, services
from palier.inclusion.models import EnrolmentState, PartnerKind, Topic
from palier.mandates.scopes import Scope

from .help import help_contact
from .inclusion_forms import SelfAssessmentForm, SlotForm
from .served import served_person

SESSIONS_PAGE_SIZE = 20


def acting_for(request, person):
    """The Acting of this request, naming `person` when someone else acts for them."""
    if person.user_id == request.user.pk:
        return request.acting
    return request.acting.on_behalf_of(person)


def portal_draw(request):
    """Draws a page of this module in the web portal's layout."""

    def draw(template, context):
        return render(request, template, {"help": help_contact(request), **context, "base_template": "portal/base.html",
                                          "front": "portal", "nav": "workshops"})

    return draw


def _url(front, name):
    return f"{front}:{name}"


def shown_session(session, language) -> dict:
    return {
        "session": session,
        "title": queries.text_of(session.workshop, "title", language),
        "description": queries.text_of(session.workshop, "description", language),
        "left": max(0, session.capacity - session.enrolled),
    }


# --- workshops -----------------------------------------------------------------------------------


def workshops_page(request, *, front: str, draw, person=None, estate=None):
    """The calendar: sessions to come (of the tenant's agency, or of the kiosk's estate for
    someone not signed in) and, for a tenant, their places."""
    language = get_language()
    if person is not None:
        sessions = queries.upcoming_sessions(agency_id=queries.person_agency_id(person))
    else:
        sessions = queries.upcoming_sessions(estate=estate)
    page = Paginator(sessions, SESSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = []
    if person is not None:
        for enrolment in queries.enrolments_of(person):
            mine.append({"enrolment": enrolment,
                         "title": queries.text_of(enrolment.session.workshop, "title", language),
                         "position": queries.waiting_position(enrolment)
                         if enrolment.state == EnrolmentState.WAITING else None})
    attended = []
    if person is not None:
        attended = [{"enrolment": e, "title": queries.text_of(e.session.workshop, "title", language)}
                    for e in queries.attended_enrolments(person)[:20]]
    return draw("portal/inclusion/workshops.html", {
        "page": page, "sessions": [shown_session(s, language) for s in page], "mine": mine, "person": person,
        "attended": attended,
    })


def session_page(request, pk, *, front: str, draw, person=None, kiosk=None):
    """One session: what, when, where, how many places; for a tenant, the question "Do you want
    to come?" (or their place, and how to give it back)."""
    if person is not None:
        session = queries.get_session_for_tenant(person, pk)
    else:
        session = queries.get_session_for_kiosk(kiosk, pk)
    enrolment = queries.live_enrolment(person, session) if person is not None else None
    return draw("portal/inclusion/session.html", {
        **shown_session(session, get_language()), "person": person, "enrolment": enrolment,
        "position": queries.waiting_position(enrolment) if enrolment and enrolment.state == EnrolmentState.WAITING
        else None,
    })


def enrol_action(request, pk, *, front: str, person):
    session = queries.get_session_for_tenant(person, pk)
    try:
        enrolment = services.enrol(acting=acting_for(request, person), session=session, person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if enrolment.state == EnrolmentState.ENROLLED:
            messages.success(request, _("You have a place. We sent you a confirmation."))
        else:
            messages.success(request, _("The workshop is full. You are on the waiting list. "
                                        "If a place frees up, we tell you."))
    return redirect(_url(front, "workshop-session"), pk=session.pk)


def cancel_page(request, pk, *, front: str, draw, person):
    """"Do you want to give your place back?" then done."""
    session = queries.get_session_for_tenant(person, pk)
    enrolment = queries.live_enrolment(person, session)
    if enrolment is None:
        raise Http404
    if request.method == "POST":
        try:
            services.cancel_enrolment(acting=acting_for(request, person), enrolment=enrolment)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_url(front, "workshop-session"), pk=session.pk)
        messages.success(request, _("Your place is cancelled. Thank you for telling us."))
        return redirect(_url(front, "workshops"))
    return draw("portal/inclusion/cancel.html", {
        **shown_session(session, get_language()), "enrolment": enrolment,
    })


def partners_page(request, *, front: str, draw, agency_id):
    language = get_language()
    partners = [{"partner": p, "offer": queries.text_of(p, "offer", language)}
                for p in queries.partners_for_agency(agency_id)]
    return draw("portal/inclusion/partners.html", {"partners": partners})


# --- digital spaces ------------------------------------------------------------------------------


def spaces_page(request, *, front: str, draw, person):
    return draw("portal/inclusion/spaces.html", {
        "spaces": list(queries.spaces_for_person(person)), "bookings": list(queries.bookings_of(person)),
    })


def space_page(request, pk, *, front: str, draw, person):
    """"Which time do you want?" for one room: its free slots of the coming days."""
    space = queries.get_space_for_tenant(person, pk)
    days = queries.free_slots(space, days=7)
    form = SlotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        starts_at = _slot_time(form.cleaned_data["slot"])
        try:
            if starts_at is None:
                raise DomainError(_("Choose a time."), field="slot")
            services.book_space(acting=acting_for(request, person), space=space, person=person, starts_at=starts_at)
        except DomainError as exc:
            form.add_error("slot", exc.message)
            days = queries.free_slots(space, days=7)
        else:
            messages.success(request, _("The room is booked for you. We sent you a confirmation."))
            return redirect(_url(front, "spaces"))
    return draw("portal/inclusion/space.html", {
        "space": space, "days": days, "form": form, "hours": list(space.hours.all()),
    })


def _slot_time(value: str):
    """The slot's start as the form sent it (its ISO form, with the offset), or None."""
    try:
        starts_at = parse_datetime(value)
    except ValueError:
        return None
    if starts_at is not None and timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    return starts_at


def booking_cancel_page(request, pk, *, front: str, draw, person):
    booking = queries.get_booking_for_tenant(person, pk)
    if request.method == "POST":
        services.cancel_booking(acting=acting_for(request, person), booking=booking)
        messages.success(request, _("Your booking is cancelled. The room is free for someone else."))
        return redirect(_url(front, "spaces"))
    return draw("portal/inclusion/booking_cancel.html", {"booking": booking})


# --- self-assessment -----------------------------------------------------------------------------


ANSWERS_KEY = "inclusion_self_assessment"


def self_assessment_page(request, *, front: str, draw, person):
    """Six short questions, one per page. The answers wait in the session until the last one,
    then are kept together; `?step=N` goes back to an earlier question."""
    steps = SelfAssessmentForm.STEPS
    answers = request.session.get(ANSWERS_KEY, {})
    if answers.get("person") != person.pk:
        answers = {"person": person.pk}
    reached = next((i for i, name in enumerate(steps) if name not in answers), len(steps) - 1)
    try:
        step = min(int(request.GET.get("step", reached)), reached)
    except ValueError:
        step = reached
    step = max(step, 0)
    name = steps[step]
    form = SelfAssessmentForm.for_step(name, request.POST if request.method == "POST" else None,
                                       initial={name: answers[name]} if name in answers else None)
    if request.method == "POST" and form.is_valid():
        answers[name] = form.cleaned_data[name]
        # An answer changed on the way back keeps the later answers; the next question not yet
        # answered comes next.
        request.session[ANSWERS_KEY] = answers
        if all(n in answers for n in steps):
            request.session.pop(ANSWERS_KEY, None)
            services.record_self_assessment(
                acting=acting_for(request, person), person=person, internet_at_home=answers["internet_at_home"] == "yes",
                devices=set(answers["devices"]), email=answers["email"], forms=answers["online_forms"],
                banking=answers["banking"], wants_help=answers["wants_help"] == "yes")
            return redirect(_url(front, "self-assessment-done"))
        following = next(i for i, n in enumerate(steps) if n not in answers)
        return redirect(reverse(_url(front, "self-assessment")) + f"?step={following}")
    back = (reverse(_url(front, "self-assessment")) + f"?step={step - 1}") if step else reverse(
        _url(front, "workshops"))
    return draw("portal/inclusion/self_assessment.html", {
        "form": form, "field": form[name], "number": step + 1, "total": len(steps), "back": back,
        "kind": "checkboxes" if name == "devices" else "radios", "last": step == len(steps) - 1,
    })


def self_assessment_done_page(request, *, front: str, draw, person):
    """Workshops and partners that match the latest answers."""
    assessment = queries.latest_self_assessment(person)
    if assessment is None:
        return redirect(_url(front, "self-assessment"))
    topics = queries.suggested_topics(assessment)
    language = get_language()
    sessions = queries.upcoming_sessions(agency_id=queries.person_agency_id(person)).filter(
        workshop__topic__in=topics)[:5]
    partners = [{"partner": p, "offer": queries.text_of(p, "offer", language)}
                for p in queries.suggested_partners(assessment, queries.person_agency_id(person))]
    # No internet or no device at home: the agency's digital spaces, where a computer waits.
    spaces = (list(queries.spaces_for_person(person)[:3])
              if PartnerKind.DIGITAL_SPACE in queries.suggested_partner_kinds(assessment) else [])
    return draw("portal/inclusion/self_assessment_done.html", {
        "topics": [Topic(t).label for t in topics], "sessions": [shown_session(s, language) for s in sessions],
        "partners": partners, "assessment": assessment, "spaces": spaces,
    })


# --- the web portal's views ----------------------------------------------------------------------


def _person(request):
    return served_person(request, Scope.WORKSHOPS)


@login_required
def workshops(request):
    return workshops_page(request, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def workshop_session(request, pk):
    return session_page(request, pk, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
@require_POST
def workshop_enrol(request, pk):
    return enrol_action(request, pk, front="portal", person=_person(request))


@login_required
def workshop_cancel(request, pk):
    return cancel_page(request, pk, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def workshop_certificate(request, pk):
    """The certificate of attendance of a session the person was present at (a PDF download).
    Not on the kiosk: nothing is downloaded on a shared screen (there it is printed or sent)."""
    from palier.inclusion.certificates import certificate_pdf

    person = _person(request)
    enrolment = queries.get_attended_enrolment_for_tenant(person, pk)
    pdf = certificate_pdf(enrolment=enrolment, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{enrolment.session.starts_at:%Y-%m-%d}.pdf"'
    return response


@login_required
def partners(request):
    return partners_page(request, front="portal", draw=portal_draw(request), agency_id=queries.person_agency_id(_person(request)))


@login_required
def spaces(request):
    return spaces_page(request, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def space(request, pk):
    return space_page(request, pk, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def booking_cancel(request, pk):
    return booking_cancel_page(request, pk, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def self_assessment(request):
    return self_assessment_page(request, front="portal", draw=portal_draw(request), person=_person(request))


@login_required
def self_assessment_done(request):
    return self_assessment_done_page(request, front="portal", draw=portal_draw(request), person=_person(request))
