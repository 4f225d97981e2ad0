"""Helper mandates on the portal (and, through the same page functions, on the kiosk).

The tenant gives a mandate one question at a time (who, what, how long, check), sees their
mandates and the journal of their use, and takes back a scope or all of it. A helper picks whom
they act for, stops acting, asks a tenant for a mandate by SMS and types the code the tenant got.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.core.acting import Channel
from palier.core.errors import DomainError
from palier.mandates import acting as mandate_acting
from palier.mandates import queries, services
from palier.mandates.models import Consent, Duration
from palier.mandates.scopes import Scope
from palier.tenancies.queries import person_of, tenancy_by_number

from .auth_forms import NewPasswordForm
from .help import help_contact

DRAFT = "palier_mandate_draft"
JOURNAL_PAGE_SIZE = 30


# --- forms -----------------------------------------------------------------------------------


class HelperForm(forms.Form):
    known = forms.ChoiceField(label=gettext_lazy("Someone who helped you before"), required=False,
                              widget=forms.RadioSelect)
    identifier = forms.CharField(
        label=gettext_lazy("Or the email address or phone number of your helper"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}))

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["known"].choices = [(str(u.pk), f"{u.get_full_name()}" + (f" ({u.organisation})" if u.organisation
                                                                               else "")) for u in known]
        if not known:
            del self.fields["known"]


class ScopesForm(forms.Form):
    scopes = forms.MultipleChoiceField(label=gettext_lazy("What may your helper do for you?"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": gettext_lazy("Choose at least one thing.")})


class DurationForm(forms.Form):
    duration = forms.ChoiceField(label=gettext_lazy("For how long?"), choices=Duration.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": gettext_lazy("Choose how long.")})


class AskForm(ScopesForm, DurationForm):
    number = forms.CharField(label=gettext_lazy("The tenant's tenancy number"), max_length=12,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=gettext_lazy("The tenant's mobile phone number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    field_order = ["number", "phone", "scopes", "duration"]


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("The code the tenant received"), max_length=10,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


def _add_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- shared page functions (portal and kiosk) ------------------------------------------------


def own_person(request):
    """Only a tenant manages their mandates: helpers and staff get 404."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


def _draft(request) -> dict:
    return request.session.get(DRAFT) or {}


def _save_draft(request, **values) -> None:
    request.session[DRAFT] = {**_draft(request), **values}


def mandate_list_page(request, render_page):
    person = own_person(request)
    now = timezone.now()
    mandates = [(m, m.status_at(now)) for m in queries.mandates_given_by(person)]
    return render_page("portal/mandates/list.html", {"mandates": mandates, "person": person,
                                                     "requests": queries.requests_waiting_on(person, now=now)})


def answer_request(request, ns, pk):
    """POST `answer` = "accept" or "refuse": the tenant answers a request waiting for their SMS
    code, without the code."""
    person = own_person(request)
    mandate = queries.get_request_waiting_on(person, pk)
    answer = request.POST.get("answer")
    if answer not in ("accept", "refuse"):
        raise Http404
    try:
        services.answer_mandate_request(acting=request.acting, mandate=mandate, accept=answer == "accept")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(f"{ns}:mandates")
    name = mandate.helper.get_full_name()
    if answer == "accept":
        messages.success(request, _("Done. %(name)s can now help you.") % {"name": name})
        return redirect(f"{ns}:mandate-detail", pk=mandate.pk)
    messages.success(request, _("Done. You said no to %(name)s. Nothing has changed.") % {"name": name})
    return redirect(f"{ns}:mandates")


def helper_page(request, render_page, ns):
    person = own_person(request)
    known = list(queries.known_helpers_of(person))
    form = HelperForm(request.POST or None, known=known)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("known")
        helper = next((u for u in known if str(u.pk) == chosen), None) if chosen else None
        if helper is None:
            helper = services.find_helper(form.cleaned_data["identifier"])
        if helper is None:
            form.add_error("identifier", _("We found no helper with this email or phone number. Ask them to "
                                           "create a helper account first, or ask your agency."))
        else:
            _save_draft(request, helper=helper.pk)
            return redirect(f"{ns}:mandate-scopes")
    return render_page("portal/mandates/helper.html", {"form": form, "back_url": reverse(f"{ns}:mandates")})


def _draft_helper(request):
    from palier.accounts.models import User

    pk = _draft(request).get("helper")
    return User.objects.filter(pk=pk, role=Role.HELPER, is_active=True).first() if pk else None


def scopes_page(request, render_page, ns):
    own_person(request)
    helper = _draft_helper(request)
    if helper is None:
        return redirect(f"{ns}:mandate-helper")
    form = ScopesForm(request.POST or None, initial={"scopes": _draft(request).get("scopes", [])})
    if request.method == "POST" and form.is_valid():
        _save_draft(request, scopes=form.cleaned_data["scopes"])
        return redirect(f"{ns}:mandate-duration")
    return render_page("portal/mandates/scopes.html", {"form": form, "helper": helper,
                                                       "back_url": reverse(f"{ns}:mandate-helper")})


def duration_page(request, render_page, ns):
    own_person(request)
    helper = _draft_helper(request)
    if helper is None or not _draft(request).get("scopes"):
        return redirect(f"{ns}:mandate-helper")
    form = DurationForm(request.POST or None, initial={"duration": _draft(request).get("duration")})
    if request.method == "POST" and form.is_valid():
        _save_draft(request, duration=form.cleaned_data["duration"])
        return redirect(f"{ns}:mandate-check")
    return render_page("portal/mandates/duration.html", {"form": form, "helper": helper,
                                                         "back_url": reverse(f"{ns}:mandate-scopes")})


def check_page(request, render_page, ns):
    person = own_person(request)
    helper = _draft_helper(request)
    draft = _draft(request)
    if helper is None or not draft.get("scopes") or not draft.get("duration"):
        return redirect(f"{ns}:mandate-helper")
    error = None
    if request.method == "POST":
        try:
            mandate = services.grant_mandate(
                acting=request.acting, tenant=person, helper=helper, scopes=draft["scopes"],
                duration=draft["duration"], consent=Consent.KIOSK if ns == "kiosk" else Consent.PORTAL)
        except DomainError as exc:
            error = exc.message
        else:
            request.session.pop(DRAFT, None)
            messages.success(request, _("Done. %(name)s can now help you.") % {"name": helper.get_full_name()})
            return redirect(f"{ns}:mandate-detail", pk=mandate.pk)
    return render_page("portal/mandates/check.html", {
        "helper": helper, "scopes": [Scope(s) for s in draft["scopes"]], "duration": Duration(draft["duration"]),
        "error": error, "back_url": reverse(f"{ns}:mandate-duration"),
    })


def detail_page(request, render_page, ns, pk):
    person = own_person(request)
    mandate = queries.get_mandate_for(request.acting, pk)
    if mandate.tenant_id != person.pk:
        raise Http404
    return render_page("portal/mandates/detail.html", {
        "mandate": mandate, "status": mandate.status_at(timezone.now()), "back_url": reverse(f"{ns}:mandates"),
    })


def take_back(request, ns, pk):
    """POST `scope` takes back that scope; without it, the whole mandate stops."""
    person = own_person(request)
    mandate = queries.get_mandate_for(request.acting, pk)
    if mandate.tenant_id != person.pk:
        raise Http404
    scope = request.POST.get("scope", "")
    if scope:
        if scope not in Scope.values:
            raise Http404
        services.revoke_mandate_scope(acting=request.acting, mandate=mandate, scope=scope)
        messages.success(request, _("Done. Your helper can no longer do this for you."))
    else:
        services.revoke_mandate(acting=request.acting, mandate=mandate)
        messages.success(request, _("Done. Your helper can no longer act for you."))
    return redirect(f"{ns}:mandate-detail", pk=mandate.pk)


def journal_page(request, render_page, ns):
    person = own_person(request)
    page = Paginator(queries.journal_of(person), JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page("portal/mandates/journal.html", {"page": page, "back_url": reverse(f"{ns}:mandates")})


def portal_render(request):
    def render_page(template, context):
        return render(request, template, {"help": help_contact(request), "nav": "mandates",
                                          "base_template": "portal/base.html", "ns": "portal", **context})

    return render_page


# --- tenant pages of the portal --------------------------------------------------------------


@login_required
def mandate_list(request):
    return mandate_list_page(request, portal_render(request))


@login_required
def mandate_helper(request):
    return helper_page(request, portal_render(request), "portal")


@login_required
def mandate_scopes(request):
    return scopes_page(request, portal_render(request), "portal")


@login_required
def mandate_duration(request):
    return duration_page(request, portal_render(request), "portal")


@login_required
def mandate_check(request):
    return check_page(request, portal_render(request), "portal")


@login_required
def mandate_detail(request, pk):
    return detail_page(request, portal_render(request), "portal", pk)


@login_required
@require_POST
def mandate_take_back(request, pk):
    return take_back(request, "portal", pk)


@login_required
@require_POST
def mandate_answer(request, pk):
    return answer_request(request, "portal", pk)


@login_required
def mandate_journal(request):
    return journal_page(request, portal_render(request), "portal")


# --- helper pages ----------------------------------------------------------------------------


# The portal pages each scope opens, linked from the home page of whoever acts for a tenant.
# Pages of other capabilities add themselves here: (scope, URL name, label).
SCOPE_PAGES = [
    (Scope.RENT, "portal:rent", gettext_lazy("The rent and how to pay")),
    (Scope.MESSAGES, "portal:messages", gettext_lazy("Messages")),
    (Scope.MESSAGES, "portal:appointments", gettext_lazy("Appointments")),
    (Scope.MESSAGES, "portal:profile", gettext_lazy("Details and contact choices")),
    (Scope.MESSAGES, "portal:callback", gettext_lazy("Ask the agency to call back")),
    (Scope.REPAIRS, "portal:repairs", gettext_lazy("Repairs")),
    (Scope.DOCUMENTS, "portal:documents", gettext_lazy("Documents")),
    (Scope.WORKSHOPS, "portal:workshops", gettext_lazy("Workshops")),
    (Scope.WORKSHOPS, "portal:spaces", gettext_lazy("Rooms to book")),
]


def _links_for(scopes) -> list[dict]:
    links = []
    for scope, name, label in SCOPE_PAGES:
        if scope.value not in scopes:
            continue
        try:
            links.append({"url": reverse(name), "label": label})
        except NoReverseMatch:  # that capability's pages are not installed
            continue
    return links


def helper_home_context(request) -> dict:
    """For portal/helper_home.html: the tenants the helper may act for, the requests waiting for a
    code, whom they act for now and the pages its scopes open."""
    user = request.user
    grant = getattr(request, "palier_grant", None) if request.acting.for_person else None
    links = _links_for(grant.scopes) if grant else []
    context = {"grant": grant, "scope_links": links}
    if user.role == Role.HELPER:
        context.update(mandates=queries.mandates_held_by(user), waiting=queries.requests_waiting_for(user))
    return context


def _helper_only(request):
    if request.user.role != Role.HELPER:
        raise Http404


@login_required
@require_POST
def act_for(request):
    """The helper chooses the tenant they act for; only a valid mandate lets them."""
    _helper_only(request)
    try:
        person_id = int(request.POST.get("person", ""))
    except ValueError:
        raise Http404 from None
    mandate, _scopes = queries.live_scopes(request.user.pk, person_id, timezone.now())
    if mandate is None:
        raise Http404
    mandate_acting.start(request, person_id=person_id, channel=Channel.WEB)
    return redirect("portal:home")


@login_required
@require_POST
def act_stop(request):
    """Stop acting for a tenant: a helper goes back to their list, staff to the tenant's file."""
    person_id = mandate_acting.acting_for_id(request)
    mandate_acting.stop(request)
    if request.user.is_staff_member and person_id:
        from palier.tenancies.models import Tenancy

        tenancy = Tenancy.objects.filter(household__persons__pk=person_id).order_by("-start_date").first()
        if tenancy is not None:
            return redirect("backoffice:tenant-detail", pk=tenancy.pk)
        return redirect("backoffice:home")
    return redirect("portal:home")


@login_required
def mandate_ask(request):
    """A helper asks a tenant for a mandate: the tenant gets a code by SMS."""
    _helper_only(request)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tenancy = tenancy_by_number(data["number"])
        tenant = _signatory_with_phone(tenancy, data["phone"]) if tenancy else None
        if tenant is None:
            form.add_error(None, _("We could not send a code. Check the tenancy number and the phone number, "
                                   "or ask the tenant to give you a mandate themselves."))
        else:
            try:
                mandate = services.request_mandate_by_sms(acting=request.acting, tenant=tenant, helper=request.user,
                                                          scopes=data["scopes"], duration=data["duration"])
            except DomainError as exc:
                _add_error(form, exc)
            else:
                return redirect("portal:mandate-code", pk=mandate.pk)
    return render(request, "portal/mandates/ask.html", {"form": form, "help": help_contact(request), "nav": "home"})


def _signatory_with_phone(tenancy, phone):
    from palier.accounts.identifiers import normalise_phone
    from palier.tenancies.models import HouseholdRole, Person

    wanted = normalise_phone(phone)
    for person in Person.objects.filter(household_id=tenancy.household_id,
                                        household_role__in=[HouseholdRole.TENANT, HouseholdRole.COTENANT]):
        if person.phone and normalise_phone(person.phone) == wanted:
            return person
    return None


@login_required
def mandate_code(request, pk):
    _helper_only(request)
    mandate = queries.get_mandate_for(request.acting, pk)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_mandate_by_code(acting=request.acting, mandate=mandate, code=form.cleaned_data["code"])
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Done. You can now act for %(name)s.") % {"name": mandate.tenant.full_name})
            return redirect("portal:home")
    return render(request, "portal/mandates/code.html", {"form": form, "mandate": mandate,
                                                         "help": help_contact(request), "nav": "home"})


# --- a helper creates their own account --------------------------------------------------------

SIGNUP = "palier_helper_signup"


class SignUpForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Your first name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=gettext_lazy("Your last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=gettext_lazy("Your email address"),
                             help_text=gettext_lazy("We send you a code there."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


def _signup_page(request, template, **context):
    return render(request, f"portal/mandates/{template}", {"help": help_contact(request), **context})


def helper_signup(request):
    """Step 1: name and email address; a code goes there."""
    from palier.mandates import signup

    if request.user.is_authenticated:
        return redirect("portal:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request.session[SIGNUP] = signup.start_helper_signup(
                acting=request.acting, email=data["email"], first_name=data["first_name"],
                last_name=data["last_name"], language=translation.get_language() or "fr")
        except DomainError as exc:
            _add_error(form, exc)
        else:
            return redirect("portal:helper-signup-code")
    return _signup_page(request, "signup.html", form=form)


def helper_signup_code(request):
    """Step 2: the code sent by email."""
    from palier.mandates import signup

    state = request.session.get(SIGNUP)
    if request.user.is_authenticated:
        return redirect("portal:home")
    if not state:
        return redirect("portal:helper-signup")
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("The code we sent to %(email)s") % {"email": state["email"]}
    if request.method == "POST" and form.is_valid():
        try:
            state = signup.check_signup_code(acting=request.acting, state=state, code=form.cleaned_data["code"])
        except DomainError as exc:
            request.session[SIGNUP] = state  # the wrong try is counted
            _add_error(form, exc)
        else:
            request.session[SIGNUP] = state
            return redirect("portal:helper-signup-password")
    return _signup_page(request, "signup_code.html", form=form, email=state["email"])


def helper_signup_password(request):
    """Step 3: the password. Then the account is made, signed in, and sent to set up its second
    factor before it can act for anyone."""
    from palier.accounts import services as accounts
    from palier.mandates import signup

    state = request.session.get(SIGNUP)
    if request.user.is_authenticated:
        return redirect("portal:home")
    if not state or not state.get("verified"):
        return redirect("portal:helper-signup")
    form = NewPasswordForm(request.POST or None)  # the project's password rules
    if request.method == "POST" and form.is_valid():
        try:
            user = signup.create_helper_account(acting=request.acting, state=state,
                                                password=form.cleaned_data["password"])
        except DomainError as exc:
            _add_error(form, exc)
        else:
            request.session.pop(SIGNUP, None)
            accounts.sign_in(request, acting=request.acting, user=user)
            messages.success(request, _("Your helper account is ready. Now protect it with a second factor."))
            return redirect(f"{reverse('backoffice:two-factor-setup')}?next={reverse('portal:home')}")
    return _signup_page(request, "signup_password.html", form=form)
