"""Reporting a repair and following it, for a tenant (or a helper with the repairs scope).

The report asks one question per page: where → what → (emergency advice) → (open reports of the
building, for "me too") → since when → photos → access → how to keep you informed → check →
done. The answers wait in the session, so it works without JavaScript and survives going back.
The same pages serve the kiosk (`palier/kiosk/repair_views.py`) through a `Front` that says in
which layout and URL namespace to draw them."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.estates.models import Landlord
from palier.mandates.scopes import Scope
from palier.repairs import queries as repairs
from palier.repairs import services as repair_services
from palier.repairs.catalogue import ROOM_PICTOGRAMS
from palier.repairs.models import AccessSlot, Photo, Problem, Responsible, Room, Since, Status
from palier.repairs.photos import MAX_PHOTOS
from palier.tenancies.queries import current_tenancy_of

from .fronts import Front, on_portal
from .help import help_contact
from .served import served_person

SESSION_KEY = "repair_report"
DONE_KEY = "repair_report_done"
PAGE_SIZE = 20


def _portal_render(request, template, context, status=200):
    return render(request, template, {**context, "help": help_contact(request), "base_template": "portal/base.html",
                                      "nav": "repairs"}, status=status)


PORTAL = Front("portal", "portal/base.html", False, _portal_render)


# --- forms -------------------------------------------------------------------------------------


class WhereForm(forms.Form):
    room = forms.ChoiceField(label=gettext_lazy("Where is the problem?"), choices=Room.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": gettext_lazy("Choose where the problem is.")})


class WhatForm(forms.Form):
    problem = forms.ChoiceField(label=gettext_lazy("What is the problem?"), widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Choose the problem."),
                                                "invalid_choice": gettext_lazy("Choose the problem.")})

    def __init__(self, *args, problems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [(p.code, p.label) for p in problems]


class SinceForm(forms.Form):
    since = forms.ChoiceField(label=gettext_lazy("Since when?"), choices=Since.choices, widget=forms.RadioSelect,
                              error_messages={"required": gettext_lazy("Choose since when.")})
    description = forms.CharField(label=gettext_lazy("Anything else we should know? (optional)"), required=False,
                                  max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Add a photo (optional)"), required=False,
                            help_text=gettext_lazy("A JPEG or PNG photo, up to 10 MB."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))


class AccessForm(forms.Form):
    slots = forms.MultipleChoiceField(label=gettext_lazy("When may someone come in?"), choices=AccessSlot.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": gettext_lazy("Choose at least one moment.")})
    notes = forms.CharField(label=gettext_lazy("Anything to know to get in? (optional)"), required=False,
                            max_length=300, help_text=gettext_lazy("For example: the bell does not work, a dog."))


class InformForm(forms.Form):
    channels = forms.MultipleChoiceField(label=gettext_lazy("How do we keep you informed?"),
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": gettext_lazy("Choose at least one way.")})

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if person is not None and person.user_id:
            choices.append(("portal", _("In my Palier inbox")))
        if person is not None and person.email:
            choices.append(("email", _("By email to %(email)s") % {"email": person.email}))
        if person is not None and person.phone:
            choices.append(("sms", _("By SMS to %(phone)s") % {"phone": person.phone}))
        choices.append(("letter", _("By post")))
        self.fields["channels"].choices = choices


class AddForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("What do you want to add?"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label=gettext_lazy("Add a photo (optional)"), required=False,
                            help_text=gettext_lazy("A JPEG or PNG photo, up to 10 MB."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))


class FixedForm(forms.Form):
    fixed = forms.TypedChoiceField(label=gettext_lazy("Is it fixed?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                   choices=[("yes", gettext_lazy("Yes, it is fixed")), ("no", gettext_lazy("No, it is not fixed"))],
                                   error_messages={"required": gettext_lazy("Say whether it is fixed.")})
    rating = forms.TypedChoiceField(label=gettext_lazy("How happy are you with the repair? (optional)"), required=False,
                                    widget=forms.RadioSelect, coerce=int, empty_value=None,
                                    choices=[(5, gettext_lazy("Very happy")), (4, gettext_lazy("Happy")),
                                             (3, gettext_lazy("So-so")), (2, gettext_lazy("Unhappy")),
                                             (1, gettext_lazy("Very unhappy"))])
    comment = forms.CharField(label=gettext_lazy("Tell us more (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


# --- the report's state in the session ---------------------------------------------------------


def _state(request) -> dict:
    return request.session.get(SESSION_KEY) or {}


def _save_state(request, **changes) -> dict:
    state = {**_state(request), **changes}
    request.session[SESSION_KEY] = state
    return state


def _problem(state) -> Problem | None:
    code = state.get("problem")
    return Problem.objects.filter(code=code, active=True).first() if code else None


def _served(request):
    person = served_person(request, Scope.REPAIRS)
    if current_tenancy_of(person) is None:
        raise Http404
    return person


def _pending_photos(request, state) -> list[Photo]:
    ids = state.get("photos") or []
    if not ids:
        return []
    return list(Photo.objects.filter(pk__in=ids, request__isnull=True, uploaded_by=request.user))


STEPS = ("where", "what", "since", "photos", "access", "inform", "check")


def _missing_step(state, front, step) -> str | None:
    """The URL of the first earlier question not answered yet, or None."""
    needs = {
        "what": ["room"], "emergency": ["room", "problem"], "common": ["room", "problem"],
        "since": ["room", "problem"], "photos": ["room", "problem", "since"],
        "access": ["room", "problem", "since"], "inform": ["room", "problem", "since", "access"],
        "check": ["room", "problem", "since", "access", "inform"],
    }
    for key in needs.get(step, []):
        if key not in state:
            return front.url("repair-report")
    return None


def _after_what(front, problem) -> str:
    if problem.is_emergency:
        return front.url("repair-report-emergency")
    if problem.is_common:
        return front.url("repair-report-common")
    return front.url("repair-report-since")


def _after_since(front) -> str:
    return front.url("repair-report-photos") if not front.kiosk else front.url("repair-report-access")


NO_ARG_URLS = ("repairs", "repair-report", "repair-report-what", "repair-report-since", "repair-report-photos",
               "repair-report-access", "repair-report-inform", "repair-report-check", "repair-report-common")
REPAIR_URLS = ("repair-detail", "repair-add", "repair-cancel", "repair-fixed", "repair-me-too")


def _ctx(front, **extra) -> dict:
    """The template's context; `u` holds the front end's URLs, `ru` those of the request shown."""
    urls = {name.replace("-", "_"): front.url(name) for name in NO_ARG_URLS if name != "repair-report-photos"
            or not front.kiosk}
    repair = extra.get("repair")
    repair_urls = {}
    if repair is not None:
        repair_urls = {name.replace("-", "_"): front.url(name, repair.pk) for name in REPAIR_URLS}
    return {"front": front, "base_template": front.base_template, "max_photos": MAX_PHOTOS, "u": urls,
            "ru": repair_urls, **extra}


# --- the report, one question per page ---------------------------------------------------------


def where_page(request, front: Front):
    person = _served(request)
    if request.method == "GET" and request.GET.get("restart"):
        request.session.pop(SESSION_KEY, None)
    form = WhereForm(request.POST or None, initial={"room": _state(request).get("room")})
    if request.method == "POST" and form.is_valid():
        room = form.cleaned_data["room"]
        state = _state(request)
        if state.get("room") != room:
            state = {"room": room}
        request.session[SESSION_KEY] = {**state, "room": room}
        return redirect(front.url("repair-report-what"))
    rooms = [(value, label, ROOM_PICTOGRAMS[value]) for value, label in Room.choices]
    return front.render(request, "portal/repairs/where.html", _ctx(
        front, form=form, rooms=rooms, person=person, emergency_phone=Landlord.current().emergency_phone))


def what_page(request, front: Front):
    _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "what"):
        return redirect(missing)
    problems = list(repairs.problems_in(state["room"]))
    form = WhatForm(request.POST or None, problems=problems, initial={"problem": state.get("problem")})
    if request.method == "POST" and form.is_valid():
        problem = next(p for p in problems if p.code == form.cleaned_data["problem"])
        _save_state(request, problem=problem.code)
        return redirect(_after_what(front, problem))
    return front.render(request, "portal/repairs/what.html", _ctx(
        front, form=form, problems=problems, room=Room(state["room"]).label))


def emergency_page(request, front: Front):
    """Shown at once when the problem is an emergency: the number to call and what to do now,
    before any other question. Sending the report too stays possible."""
    _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "emergency"):
        return redirect(missing)
    problem = _problem(state)
    if problem is None:
        return redirect(front.url("repair-report"))
    next_url = front.url("repair-report-common") if problem.is_common else front.url("repair-report-since")
    return front.render(request, "portal/repairs/emergency.html", _ctx(
        front, problem=problem, landlord=Landlord.current(), next_url=next_url))


def common_page(request, front: Front):
    """A problem of the common areas: the open reports of the building first, to say "me too"."""
    person = _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "common"):
        return redirect(missing)
    problem = _problem(state)
    if problem is None or not problem.is_common:
        return redirect(front.url("repair-report-since"))
    building = current_tenancy_of(person).dwelling.building
    open_reports = repairs.open_common_requests(building, exclude_person=person)
    if not open_reports:
        return redirect(front.url("repair-report-since"))
    return front.render(request, "portal/repairs/common.html", _ctx(
        front, problem=problem, open_reports=open_reports, building=building))


def since_page(request, front: Front):
    _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "since"):
        return redirect(missing)
    problem = _problem(state)
    if problem is None:
        return redirect(front.url("repair-report"))
    form = SinceForm(request.POST or None, initial={"since": state.get("since"),
                                                     "description": state.get("description", "")})
    if request.method == "POST" and form.is_valid():
        _save_state(request, since=form.cleaned_data["since"], description=form.cleaned_data["description"])
        return redirect(_after_since(front))
    back = front.url("repair-report-common") if problem.is_common else front.url("repair-report-what")
    return front.render(request, "portal/repairs/since.html", _ctx(front, form=form, problem=problem, back=back))


def photos_page(request, front: Front):
    """Up to five photos, one at a time (works without JavaScript); each can be removed."""
    _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "photos"):
        return redirect(missing)
    photos = _pending_photos(request, state)
    form = PhotoForm()
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            for photo in photos:
                if str(photo.pk) == remove:
                    repair_services.discard_pending_photo(acting=request.acting, photo=photo)
            _save_state(request, photos=[p.pk for p in photos if str(p.pk) != remove])
            return redirect(front.url("repair-report-photos"))
        form = PhotoForm(request.POST, request.FILES)
        upload = request.FILES.get("photo")
        if upload is None and "add" not in request.POST:
            return redirect(front.url("repair-report-access"))
        if form.is_valid():
            if len(photos) >= MAX_PHOTOS:
                form.add_error("photo", _("You can send up to %(count)s photos.") % {"count": MAX_PHOTOS})
            else:
                try:
                    photo = repair_services.upload_photo(acting=request.acting, upload=upload)
                except DomainError as exc:
                    form.add_error("photo", exc.message)
                else:
                    _save_state(request, photos=[*[p.pk for p in photos], photo.pk])
                    return redirect(front.url("repair-report-photos"))
    return front.render(request, "portal/repairs/photos.html", _ctx(
        front, form=form, photos=photos, can_add=len(photos) < MAX_PHOTOS), status=400 if form.errors else 200)


def access_page(request, front: Front):
    _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "access"):
        return redirect(missing)
    form = AccessForm(request.POST or None, initial={"slots": state.get("access", []),
                                                     "notes": state.get("access_notes", "")})
    if request.method == "POST" and form.is_valid():
        _save_state(request, access=form.cleaned_data["slots"], access_notes=form.cleaned_data["notes"])
        return redirect(front.url("repair-report-inform"))
    back = front.url("repair-report-photos") if not front.kiosk else front.url("repair-report-since")
    return front.render(request, "portal/repairs/access.html", _ctx(front, form=form, back=back))


def inform_page(request, front: Front):
    person = _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "inform"):
        return redirect(missing)
    mapping = {"post": "letter"}
    default = [mapping.get(c, c) for c in person.channels]
    form = InformForm(request.POST or None, person=person, initial={"channels": state.get("inform", default)})
    if request.method == "POST" and form.is_valid():
        _save_state(request, inform=form.cleaned_data["channels"])
        return redirect(front.url("repair-report-check"))
    return front.render(request, "portal/repairs/inform.html", _ctx(front, form=form))


def check_page(request, front: Front):
    person = _served(request)
    state = _state(request)
    if missing := _missing_step(state, front, "check"):
        return redirect(missing)
    problem = _problem(state)
    if problem is None:
        return redirect(front.url("repair-report"))
    photos = _pending_photos(request, state)
    error = ""
    if request.method == "POST":
        try:
            repair = repair_services.report_repair(
                acting=request.acting,
                person=person, problem=problem, description=state.get("description", ""),
                since=state["since"], access_slots=state.get("access", []),
                access_notes=state.get("access_notes", ""), keep_informed=state.get("inform", []),
                photo_ids=[p.pk for p in photos],
            )
        except DomainError as exc:
            error = exc.message
        else:
            request.session.pop(SESSION_KEY, None)
            request.session[DONE_KEY] = repair.pk
            return redirect(front.url("repair-report-done"))
    inform_labels = dict(InformForm(person=person).fields["channels"].choices)
    return front.render(request, "portal/repairs/check.html", _ctx(
        front, problem=problem, room=Room(state["room"]).label, since=Since(state["since"]).label,
        description=state.get("description", ""), photos=photos,
        slots=[AccessSlot(s).label for s in state.get("access", [])], access_notes=state.get("access_notes", ""),
        inform=[inform_labels.get(c, c) for c in state.get("inform", [])], error=error,
        tenant_job=problem.responsible == Responsible.TENANT,
    ))


def done_page(request, front: Front):
    person = _served(request)
    pk = request.session.get(DONE_KEY)
    if not pk:
        return redirect(front.url("repairs"))
    repair = repairs.get_request_for_person(person, pk)
    return front.render(request, "portal/repairs/done.html", _ctx(front, repair=repair))


# --- following a request -----------------------------------------------------------------------


def list_page(request, front: Front):
    person = _served(request)
    page = Paginator(repairs.requests_listed_for(person), PAGE_SIZE).get_page(request.GET.get("page"))
    return front.render(request, "portal/repairs/list.html", _ctx(front, page=page, person=person))


def detail_page(request, front: Front, pk):
    person = _served(request)
    repair = repairs.get_request_for_person(person, pk)
    mine = repair.household_id == person.household_id or repair.followers.filter(
        person__household_id=person.household_id).exists()
    photos = list(repair.photos.all()) if not front.kiosk and mine else []
    return front.render(request, "portal/repairs/detail.html", _ctx(
        front, repair=repair, timeline=repairs.tenant_timeline(repair) if mine else [], photos=photos, mine=mine,
        can_cancel=mine and repair.is_open and repair.household_id == person.household_id,
        ask_fixed=mine and repair.status == Status.DONE,
    ))


def add_page(request, front: Front, pk):
    person = _served(request)
    repair = repairs.get_request_for_person(person, pk)
    if repair.household_id != person.household_id and not repair.followers.filter(person=person).exists():
        raise Http404
    form = AddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        photo_ids = []
        upload = form.cleaned_data.get("photo") if not front.kiosk else None
        try:
            if upload:
                photo_ids.append(repair_services.upload_photo(acting=request.acting, upload=upload).pk)
            repair_services.add_information(acting=request.acting, repair=repair, text=form.cleaned_data["text"],
                                            photo_ids=photo_ids)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Thank you. We added it to your request."))
            return redirect(front.url("repair-detail", repair.pk))
    return front.render(request, "portal/repairs/add.html", _ctx(front, form=form, repair=repair),
                        status=400 if form.errors else 200)


def cancel_page(request, front: Front, pk):
    person = _served(request)
    repair = repairs.get_request_for_person(person, pk)
    if repair.household_id != person.household_id:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            repair_services.cancel_request(acting=request.acting, repair=repair,
                                           expected_version=int(request.POST.get("version") or 0))
        except (DomainError, ValueError) as exc:
            error = getattr(exc, "message", str(exc))
            repair.refresh_from_db()
        else:
            messages.success(request, _("Your request is cancelled."))
            return redirect(front.url("repair-detail", repair.pk))
    return front.render(request, "portal/repairs/cancel.html", _ctx(front, repair=repair, error=error))


def fixed_page(request, front: Front, pk):
    person = _served(request)
    repair = repairs.get_request_for_person(person, pk)
    if repair.household_id != person.household_id and not repair.followers.filter(
            person__household_id=person.household_id).exists():
        raise Http404
    if repair.status != Status.DONE:
        return redirect(front.url("repair-detail", repair.pk))
    form = FixedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            repair_services.confirm_fixed(acting=request.acting, repair=repair, fixed=data["fixed"],
                                          rating=data["rating"], comment=data["comment"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if data["fixed"]:
                messages.success(request, _("Thank you. Your request is closed."))
            else:
                messages.success(request, _("We are sorry. Your request is open again and your housing officer "
                                            "is told."))
            return redirect(front.url("repair-detail", repair.pk))
    return front.render(request, "portal/repairs/fixed.html", _ctx(front, form=form, repair=repair))


def me_too_action(request, front: Front, pk):
    person = _served(request)
    repair = repairs.get_request_for_person(person, pk)
    try:
        added = repair_services.add_me_too(acting=request.acting, repair=repair, person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(front.url("repairs"))
    request.session.pop(SESSION_KEY, None)
    if added:
        messages.success(request, _("Thank you. We will keep you informed about this problem."))
    else:
        messages.info(request, _("You already follow this problem."))
    return redirect(front.url("repair-detail", repair.pk))


def photo_file(request, pk):
    """A repair photo, for whoever may see its request. Served as an attachment-safe image with a
    sandboxing CSP, never from a public URL."""
    person = None
    if request.user.is_authenticated and request.user.role in ("tenant", "helper"):
        person = served_person(request, Scope.REPAIRS)
    photo = repairs.get_photo_for(request.acting, pk, person=person)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the portal's views ------------------------------------------------------------------------


_portal = on_portal(PORTAL)


report = _portal(where_page)
report_what = _portal(what_page)
report_emergency = _portal(emergency_page)
report_common = _portal(common_page)
report_since = _portal(since_page)
report_photos = _portal(photos_page)
report_access = _portal(access_page)
report_inform = _portal(inform_page)
report_check = _portal(check_page)
report_done = _portal(done_page)
repair_list = _portal(list_page)
repair_detail = _portal(detail_page)
repair_add = _portal(add_page)
repair_cancel = _portal(cancel_page)
repair_fixed = _portal(fixed_page)
repair_me_too = require_POST(_portal(me_too_action))
repair_photo = login_required(photo_file)
