"""The inclusion officer's back office (managers too): partners, workshops and their sessions,
enrolment lists and attendance, digital spaces and their bookings, and the inclusion figures.

An inclusion officer sees the names of the people enrolled in a session and nothing else of
them; the figures are aggregated (see palier.inclusion.figures)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.estates.models import Agency, Estate, Weekday
from palier.inclusion import queries, services
from palier.inclusion.figures import inclusion_figures
from palier.inclusion.models import Answer, EnrolmentState, Level, Partner, PartnerKind, Topic, WorkshopSession
from palier.inclusion.queries import ENROL_ROLES

from .permissions import INCLUSION, nav_for, staff_only

LANGUAGE_NAMES = (("fr", gettext_lazy("French")), ("nl", gettext_lazy("Dutch")), ("en", gettext_lazy("English")),
                  ("de", gettext_lazy("German")))
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
PAGE_SIZE = 50


def _render(request, template, context):
    return render(request, template, {**context, "nav": nav_for(request.user), "here": "inclusion"})


def _datetime_field(label):
    return forms.DateTimeField(label=label, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT))


def _add_language_fields(form, parts: tuple[tuple[str, object, int, bool], ...]):
    """Per-language text fields (`<part>_<code>`), French required, the others optional."""
    for code, name in LANGUAGE_NAMES:
        for part, label, max_length, long in parts:
            form.fields[f"{part}_{code}"] = forms.CharField(
                label=label % {"language": name}, max_length=max_length, required=code == "fr",
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
                help_text="" if code == "fr" else _("Optional: French is shown when this is empty."))


def _domain_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- partners ------------------------------------------------------------------------------------


class PartnerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PartnerKind.choices)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none())
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    hours = forms.CharField(label=gettext_lazy("When to come or call"), max_length=200, required=False)
    active = forms.BooleanField(label=gettext_lazy("Shown to tenants"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(staff=user).order_by("name")
        _add_language_fields(self, (("offer", gettext_lazy("What they offer, in %(language)s"), 1000, True),))


def _partner_initial(partner: Partner | None) -> dict:
    if partner is None:
        return {"active": True}
    fields = ("name", "kind", "agency", "address", "phone", "email", "website", "hours", "active")
    initial = {f: getattr(partner, f) for f in fields}
    initial.update({f"offer_{c}": getattr(partner, f"offer_{c}") for c, _n in LANGUAGE_NAMES})
    return initial



def _form_page(request, form, *, save, saved_message, done, title, back, subtitle=""):
    """An add/change page: on a valid POST, `save(cleaned_data)` calls the service and the browser
    goes to `done(saved)`; a domain error becomes the form's error; otherwise the form is shown."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as exc:
            _domain_error(form, exc)
        else:
            messages.success(request, saved_message)
            return redirect(done(saved))
    context = {"form": form, "title": title, "back": back}
    if subtitle:
        context["subtitle"] = subtitle
    return _render(request, "backoffice/inclusion/form.html", context)


@staff_only(INCLUSION)
def partner_list(request):
    page = Paginator(queries.staff_partners(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "backoffice/inclusion/partner_list.html", {"page": page})


def _partner_form(request, partner=None):
    form = PartnerForm(request.POST or None, user=request.user, initial=_partner_initial(partner))

    def save(d):
        return services.save_partner(acting=request.acting, partner=partner, agency=d["agency"], name=d["name"],
                                     kind=d["kind"], offers={c: d.get(f"offer_{c}", "") for c, _n in LANGUAGE_NAMES},
                                     address=d["address"], phone=d["phone"], email=d["email"], website=d["website"],
                                     hours=d["hours"], active=d["active"])

    return _form_page(request, form, save=save, saved_message=_("The partner is saved."),
                      done=lambda saved: reverse("backoffice:inclusion-partners"),
                      title=_("Change a partner") if partner else _("Add a partner"),
                      back="backoffice:inclusion-partners")


@staff_only(INCLUSION)
def partner_create(request):
    return _partner_form(request)


@staff_only(INCLUSION)
def partner_edit(request, pk):
    return _partner_form(request, queries.get_partner_for(request.acting, pk))


# --- workshops and sessions ----------------------------------------------------------------------


class WorkshopForm(forms.Form):
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), choices=Topic.choices)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none())
    partner = forms.ModelChoiceField(label=gettext_lazy("Partner"), queryset=Partner.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(staff=user).order_by("name")
        self.fields["partner"].queryset = queries.staff_partners(user)
        _add_language_fields(self, (("title", gettext_lazy("Title in %(language)s"), 120, False),
                                    ("description", gettext_lazy("Description in %(language)s"), 2000, True)))


@staff_only(INCLUSION)
def workshop_list(request):
    sessions = queries.staff_sessions(request.user).filter(starts_at__gt=timezone.now() - dt.timedelta(days=1))
    page = Paginator(sessions.order_by("starts_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "backoffice/inclusion/workshop_list.html", {
        "page": page, "workshops": queries.staff_workshops(request.user)[:100],
    })


def _workshop_form(request, workshop=None):
    initial = {}
    if workshop is not None:
        initial = {"topic": workshop.topic, "agency": workshop.agency, "partner": workshop.partner}
        for c, _n in LANGUAGE_NAMES:
            initial[f"title_{c}"] = getattr(workshop, f"title_{c}")
            initial[f"description_{c}"] = getattr(workshop, f"description_{c}")
    form = WorkshopForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        texts = {c: {"title": d.get(f"title_{c}", ""), "description": d.get(f"description_{c}", "")}
                 for c, _n in LANGUAGE_NAMES}
        return services.save_workshop(acting=request.acting, workshop=workshop, agency=d["agency"],
                                      topic=d["topic"], texts=texts, partner=d["partner"])

    return _form_page(request, form, save=save, saved_message=_("The workshop is saved."),
                      done=lambda saved: reverse("backoffice:inclusion-workshops"),
                      title=_("Change a workshop") if workshop else _("Add a workshop"),
                      back="backoffice:inclusion-workshops")


@staff_only(INCLUSION)
def workshop_create(request):
    return _workshop_form(request)


@staff_only(INCLUSION)
def workshop_edit(request, pk):
    return _workshop_form(request, queries.get_workshop_for(request.acting, pk))


class SessionForm(forms.Form):
    starts_at = _datetime_field(gettext_lazy("Starts"))
    ends_at = _datetime_field(gettext_lazy("Ends"))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    estate = forms.ModelChoiceField(label=gettext_lazy("Estate"), queryset=Estate.objects.none(), required=False,
                                    help_text=gettext_lazy("The kiosks of this estate show the session."))
    capacity = forms.IntegerField(label=gettext_lazy("Places"), min_value=1, max_value=500)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=Level.choices)
    partner = forms.ModelChoiceField(label=gettext_lazy("Given by"), queryset=Partner.objects.none(), required=False)
    trainer = forms.CharField(label=gettext_lazy("Trainer"), max_length=150, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = Estate.objects.filter(agency__staff=user).order_by("name")
        self.fields["partner"].queryset = queries.staff_partners(user)


def _session_form(request, workshop, session=None):
    fields = ("starts_at", "ends_at", "place", "estate", "capacity", "language", "level", "partner", "trainer")
    initial = {f: getattr(session, f) for f in fields} if session else {"capacity": 10, "language": "fr",
                                                                        "partner": workshop.partner}
    if session:
        initial["starts_at"] = timezone.localtime(session.starts_at)
        initial["ends_at"] = timezone.localtime(session.ends_at)
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    return _form_page(
        request, form,
        save=lambda d: services.save_session(acting=request.acting, session=session, workshop=workshop, **d),
        saved_message=_("The session is saved."),
        done=lambda saved: reverse("backoffice:inclusion-session", kwargs={"pk": saved.pk}),
        title=_("Change a session") if session else _("Plan a session"), subtitle=workshop.title_fr,
        back="backoffice:inclusion-workshops")


@staff_only(INCLUSION)
def session_create(request, pk):
    return _session_form(request, queries.get_workshop_for(request.acting, pk))


@staff_only(INCLUSION)
def session_edit(request, pk):
    session = queries.get_session_for(request.acting, pk)
    return _session_form(request, session.workshop, session)


@staff_only(INCLUSION)
def session_detail(request, pk):
    """The trainer's list: names of the people enrolled and waiting; attendance once started."""
    session = queries.get_session_for(request.acting, pk)
    enrolments = list(queries.session_enrolments(session))
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            count = services.take_attendance(acting=request.acting, session=session, present=present)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
        return redirect("backoffice:inclusion-session", pk=session.pk)
    return _render(request, "backoffice/inclusion/session_detail.html", {
        "session": session, "enrolments": enrolments, "started": session.starts_at <= timezone.now(),
    })


@staff_only(INCLUSION)
@require_POST
def session_cancel(request, pk):
    session = queries.get_session_for(request.acting, pk)
    told = services.cancel_session(acting=request.acting, session=session)
    messages.success(request, _("The session is cancelled. %(count)s people are told.") % {"count": told})
    return redirect("backoffice:inclusion-workshops")


# --- digital spaces ------------------------------------------------------------------------------


class SpaceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    estate = forms.ModelChoiceField(label=gettext_lazy("Estate"), queryset=Estate.objects.none())
    place = forms.CharField(label=gettext_lazy("Where it is"), max_length=200, required=False)
    equipment = forms.CharField(label=gettext_lazy("Equipment"), max_length=300, required=False,
                                help_text=gettext_lazy("For example: 2 computers, a printer, a kiosk."))
    slot_minutes = forms.IntegerField(label=gettext_lazy("Length of a slot (minutes)"), min_value=15, max_value=240)
    active = forms.BooleanField(label=gettext_lazy("Open for bookings"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = Estate.objects.filter(agency__staff=user).order_by("name")
        for day in Weekday:
            self.fields[f"opens_{day.value}"] = forms.TimeField(
                label=_("%(day)s: opens") % {"day": day.label}, required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
            self.fields[f"closes_{day.value}"] = forms.TimeField(
                label=_("%(day)s: closes") % {"day": day.label}, required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def hours(self):
        d = self.cleaned_data
        return [(day.value, d[f"opens_{day.value}"], d[f"closes_{day.value}"]) for day in Weekday
                if d.get(f"opens_{day.value}") and d.get(f"closes_{day.value}")]


@staff_only(INCLUSION)
def space_list(request):
    page = Paginator(queries.staff_spaces(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "backoffice/inclusion/space_list.html", {"page": page})


def _space_form(request, space=None):
    initial = {"slot_minutes": 60, "active": True}
    if space is not None:
        initial = {f: getattr(space, f) for f in ("name", "estate", "place", "equipment", "slot_minutes", "active")}
        for h in space.hours.all():
            initial[f"opens_{h.weekday}"], initial[f"closes_{h.weekday}"] = h.opens, h.closes
    form = SpaceForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        return services.save_space(acting=request.acting, space=space, estate=d["estate"], name=d["name"],
                                   place=d["place"], equipment=d["equipment"], slot_minutes=d["slot_minutes"],
                                   active=d["active"], hours=form.hours())

    return _form_page(request, form, save=save, saved_message=_("The room is saved."),
                      done=lambda saved: reverse("backoffice:inclusion-space", kwargs={"pk": saved.pk}),
                      title=_("Change a digital space") if space else _("Add a digital space"),
                      back="backoffice:inclusion-spaces")


@staff_only(INCLUSION)
def space_create(request):
    return _space_form(request)


@staff_only(INCLUSION)
def space_edit(request, pk):
    return _space_form(request, queries.get_space_for(request.acting, pk))


class BlockForm(forms.Form):
    starts_at = _datetime_field(gettext_lazy("Slot starting at"))
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=200)


@staff_only(INCLUSION)
def space_detail(request, pk):
    """A room's bookings to come (names of the people who booked), and blocking a slot."""
    space = queries.get_space_for(request.acting, pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_slot(acting=request.acting, space=space, starts_at=form.cleaned_data["starts_at"],
                                reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error("starts_at", exc.message)
        else:
            messages.success(request, _("The slot is blocked."))
            return redirect("backoffice:inclusion-space", pk=space.pk)
    page = Paginator(queries.space_bookings(space), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "backoffice/inclusion/space_detail.html", {
        "space": space, "page": page, "form": form, "hours": list(space.hours.all()),
    })


@staff_only(INCLUSION)
@require_POST
def booking_cancel(request, pk):
    booking = queries.get_booking_for(request.acting, pk)
    services.cancel_booking(acting=request.acting, booking=booking)
    messages.success(request, _("The booking is cancelled; the slot is free."))
    return redirect("backoffice:inclusion-space", pk=booking.space_id)


# --- figures -------------------------------------------------------------------------------------


@staff_only(INCLUSION)
def figures(request):
    return _render(request, "backoffice/inclusion/figures.html", inclusion_figures(request.user))


# --- enrolling a tenant who calls or comes to the counter ------------------------------------------

ENROL_CHANNELS = [(Channel.PHONE, gettext_lazy("on the phone")), (Channel.COUNTER, gettext_lazy("at the counter"))]


class StaffEnrolForm(forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=WorkshopSession.objects.none(),
                                     empty_label=None, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=gettext_lazy("The tenant asked"), choices=ENROL_CHANNELS,
                                widget=forms.RadioSelect, initial=Channel.PHONE)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = queries.sessions_open_to(person)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = _session_choice_label

    def session_list(self):
        return list(self.fields["session"].queryset)


def _session_choice_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    left = session.capacity - session.enrolled
    places = (_("%(count)s places left") % {"count": left} if left > 0
              else _("full: waiting list (%(count)s waiting)") % {"count": session.waiting})
    return f"{session.workshop.title_fr} — {formats.date_format(start, 'l j F Y, H:i')} — {session.place} — {places}"


@staff_only(ENROL_ROLES)
def enrol_tenant(request):
    """Enrol a tenant who calls or comes to the counter: find them by name or tenancy number,
    see their places, choose a session; a full session puts them on its waiting list."""
    person = None
    if request.GET.get("person"):
        person = queries.get_person_to_enrol(request.acting, request.GET["person"])
    query = (request.GET.get("q") or "").strip()
    found = [] if person else queries.find_persons_to_enrol(request.user, query)
    form = None
    if person is not None:
        initial = {"channel": Channel.PHONE}
        if request.GET.get("session", "").isdigit():
            initial["session"] = int(request.GET["session"])
        form = StaffEnrolForm(request.POST or None, person=person, initial=initial)
        if request.method == "POST" and form.is_valid():
            channel = form.cleaned_data["channel"]
            acting = request.acting.on_behalf_of(person, channel=channel)
            try:
                enrolment = services.enrol(acting=acting, session=form.cleaned_data["session"], person=person,
                                           channel=channel)
            except DomainError as exc:
                form.add_error("session", exc.message)
            else:
                if enrolment.state == EnrolmentState.ENROLLED:
                    messages.success(request, _("Enrolment done for %(name)s. A confirmation is sent to them.")
                                     % {"name": person.full_name})
                else:
                    messages.success(request, _("The session is full: %(name)s is on the waiting list.")
                                     % {"name": person.full_name})
                return redirect(f"{reverse('backoffice:inclusion-enrol')}?person={person.pk}")
    elif request.method == "POST":
        return redirect("backoffice:inclusion-enrol")
    context = {
        "person": person, "query": query, "found": found, "form": form,
        "enrolments": list(queries.enrolments_of(person)) if person else [],
        "session_pk": request.GET.get("session", "") if request.GET.get("session", "").isdigit() else "",
        "nav": nav_for(request.user), "here": "inclusion" if request.user.role in INCLUSION else "tenants",
        "inclusion_menu": request.user.role in INCLUSION,
    }
    return render(request, "backoffice/inclusion/enrol.html", context)


@staff_only(ENROL_ROLES)
@require_POST
def enrolment_cancel(request, pk):
    """Give back a tenant's place or waiting-list spot, at their request on the phone or at the
    counter; the first person waiting gets the place."""
    enrolment = queries.get_enrolment_for(request.acting, pk)
    channel = request.POST.get("channel")
    channel = channel if channel in (Channel.PHONE, Channel.COUNTER) else Channel.PHONE
    try:
        promoted = services.cancel_enrolment(acting=request.acting.on_behalf_of(enrolment.person, channel=channel),
                                             enrolment=enrolment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        text = _("The place of %(name)s is cancelled.") % {"name": enrolment.person.full_name}
        if promoted is not None:
            text += " " + _("%(name)s, first on the waiting list, gets the place and is told.") % {
                "name": promoted.person.full_name}
        messages.success(request, text)
    back = request.POST.get("back")
    if back == "session" and request.user.role in INCLUSION:
        return redirect("backoffice:inclusion-session", pk=enrolment.session_id)
    return redirect(f"{reverse('backoffice:inclusion-enrol')}?person={enrolment.person_id}")


# --- the self-assessment, answered on the phone or at the counter ----------------------------------

YES_NO = (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))
DEVICES = (("smartphone", gettext_lazy("A smartphone")), ("computer", gettext_lazy("A computer")),
           ("tablet", gettext_lazy("A tablet")))


class StaffSelfAssessmentForm(forms.Form):
    """The tenant's six questions, read out by staff; the tenant answers, staff tick."""

    internet_at_home = forms.ChoiceField(label=gettext_lazy("Do you have internet at home?"), choices=YES_NO,
                                         widget=forms.RadioSelect)
    devices = forms.MultipleChoiceField(label=gettext_lazy("Which of these do you have?"), choices=DEVICES,
                                        required=False, widget=forms.CheckboxSelectMultiple)
    email = forms.ChoiceField(label=gettext_lazy("Are you at ease with e-mail?"), choices=Answer.choices,
                              widget=forms.RadioSelect)
    online_forms = forms.ChoiceField(label=gettext_lazy("Are you at ease with forms on the internet?"),
                                     choices=Answer.choices, widget=forms.RadioSelect)
    banking = forms.ChoiceField(label=gettext_lazy("Are you at ease with banking on the internet?"),
                                choices=Answer.choices, widget=forms.RadioSelect)
    wants_help = forms.ChoiceField(label=gettext_lazy("Would you like some help?"), choices=YES_NO,
                                   widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=gettext_lazy("The tenant answered"), choices=ENROL_CHANNELS,
                                widget=forms.RadioSelect, initial=Channel.PHONE)


@staff_only(ENROL_ROLES)
def self_assessment(request):
    """Record a tenant's answers about the internet, given on the phone or at the counter. The
    tenant then sees the matching workshops and partners in Workshops; staff see the topics to
    suggest. Recorded (and audited) as done for the tenant through that channel."""
    person = queries.get_person_to_enrol(request.acting, request.GET.get("person", ""))
    form = StaffSelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = data["channel"]
        try:
            assessment = services.record_self_assessment(
                acting=request.acting.on_behalf_of(person, channel=channel), person=person,
                internet_at_home=data["internet_at_home"] == "yes", devices=set(data["devices"]), email=data["email"],
                forms=data["online_forms"], banking=data["banking"], wants_help=data["wants_help"] == "yes",
                channel=channel)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            topics = ", ".join(str(Topic(t).label) for t in queries.suggested_topics(assessment))
            messages.success(request, _("The answers of %(name)s are recorded. Workshops to suggest: %(topics)s.")
                             % {"name": person.full_name, "topics": topics or _("none")})
            return redirect(f"{reverse('backoffice:inclusion-enrol')}?person={person.pk}")
    return render(request, "backoffice/inclusion/self_assessment.html", {
        "person": person, "form": form, "latest": queries.latest_self_assessment(person),
        "nav": nav_for(request.user), "here": "inclusion" if request.user.role in INCLUSION else "tenants",
        "inclusion_menu": request.user.role in INCLUSION,
    })
