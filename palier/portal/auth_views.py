"""Signing in and out, activating an account, unlocking it: the anonymous journeys.

Wizard state lives in the server-side session; nothing is written to an account before the
last step succeeds, so a wrong answer on the way leaves nothing half done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts import services as accounts
from palier.accounts.identifiers import candidate_users
from palier.accounts.models import CodePurpose, OneTimeCode, Role, User
from palier.accounts.signin import next_url, user_from_form
from palier.core.errors import DomainError
from palier.estates.models import Landlord
from palier.tenancies import services as tenancies
from palier.tenancies.queries import current_tenancy_of, person_of, tenancy_by_number

from .auth_forms import (
    ChangePinForm,
    CodeForm,
    DestinationForm,
    IdentifierForm,
    NewPasswordForm,
    PinForm,
    TenancyNumberForm,
    UnlockCodeForm,
)
from .forms import LoginForm
from .help import help_contact

ACTIVATION = "palier_activation"
UNLOCK = "palier_unlock"

UNKNOWN_NUMBER = gettext_lazy("We do not know this tenancy number. Check it on your letter or your rent notice.")
UNKNOWN_ACCOUNT = gettext_lazy("We do not find an account with this. Check it and try again. "
                               "If you never used Palier, activate your account first.")


# --- signing in and out ----------------------------------------------------------------------


def login_view(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_from_form(form, acting=request.acting, identifier=form.cleaned_data["identifier"],
                              secret=form.cleaned_data["password"])
        if user is not None:
            accounts.sign_in(request, acting=request.acting, user=user)
            home = reverse("backoffice:home" if user.is_staff_member else "portal:home")
            return redirect(next_url(request, default=home))
    return render(request, "portal/login.html", {"form": form, "help": help_contact(request)})


@require_POST
def logout_view(request):
    accounts.sign_out(request, acting=request.acting)
    messages.success(request, _("You are signed out."))
    response = redirect("portal:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- helpers ---------------------------------------------------------------------------------


def _page(request, template, **context):
    return render(request, f"portal/auth/{template}", {"help": help_contact(request), **context})


def _form_error(form, exc: DomainError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _agency_phone(tenancy) -> str:
    if tenancy is not None:
        return tenancy.dwelling.building.estate.agency.phone
    return Landlord.current().phone


def _state(request, key) -> dict:
    return dict(request.session.get(key) or {})


def _save_state(request, key, state: dict) -> None:
    request.session[key] = state


def _live_code(state: dict) -> tuple[User, OneTimeCode] | None:
    try:
        code = OneTimeCode.objects.select_related("user").get(pk=state.get("code_id"), user_id=state.get("user_id"))
    except (OneTimeCode.DoesNotExist, ValueError, TypeError):
        return None
    return code.user, code


def _finish(request, key, user, done_url):
    accounts.sign_in(request, acting=request.acting, user=user)
    request.session.pop(key, None)
    return redirect(done_url)


# --- activation ------------------------------------------------------------------------------


def _activation_tenancy(request):
    number = _state(request, ACTIVATION).get("number")
    return tenancy_by_number(number) if number else None


def _check_activation_code(request, tenancy, form) -> bool:
    """Check the code typed in `form` (valid) against the household; True and state saved if right."""
    try:
        user, code = accounts.check_code_throttled(
            acting=request.acting, key=f"activate:{tenancy.number}", users=tenancies.activation_users(tenancy),
            purpose=CodePurpose.ACTIVATION, code=form.cleaned_data["code"],
        )
    except (accounts.CodeInvalid, accounts.LoginLocked) as exc:
        form.add_error("code", exc.message)
        return False
    _save_state(request, ACTIVATION, {"number": tenancy.number, "user_id": user.pk, "code_id": code.pk})
    return True


def activate(request):
    """Step 1: the tenancy number. The letter's QR code lands here with the number and the code."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    if request.method == "GET" and request.GET.get("number"):
        return _activate_from_link(request)
    state = _state(request, ACTIVATION)
    form = TenancyNumberForm(request.POST or None, initial={"number": state.get("number", "")})
    if request.method == "POST" and form.is_valid():
        tenancy = tenancy_by_number(form.cleaned_data["number"])
        if tenancy is None:
            form.add_error("number", UNKNOWN_NUMBER)
        else:
            _save_state(request, ACTIVATION, {"number": tenancy.number})
            return redirect("portal:activate-code")
    return _page(request, "activate_number.html", form=form)


def _activate_from_link(request):
    number_form = TenancyNumberForm({"number": request.GET.get("number", "")})
    tenancy = tenancy_by_number(number_form.cleaned_data["number"]) if number_form.is_valid() else None
    if tenancy is None:
        if number_form.is_valid():
            number_form.add_error("number", UNKNOWN_NUMBER)
        return _page(request, "activate_number.html", form=number_form)
    _save_state(request, ACTIVATION, {"number": tenancy.number})
    code_form = CodeForm({"code": request.GET.get("code", "")})
    if code_form.is_valid() and _check_activation_code(request, tenancy, code_form):
        return redirect("portal:activate-password")
    return _page(request, "activate_code.html", form=code_form, tenancy=tenancy)


def activate_code(request):
    """Step 2: the code from the letter, or one sent by SMS or email."""
    tenancy = _activation_tenancy(request)
    if tenancy is None:
        return redirect("portal:activate")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_activation_code(request, tenancy, form):
        return redirect("portal:activate-password")
    return _page(request, "activate_code.html", form=form, tenancy=tenancy)


def activate_send(request):
    """"I have no letter": a code by SMS or email to a phone or address we know for the household."""
    tenancy = _activation_tenancy(request)
    if tenancy is None:
        return redirect("portal:activate")
    destinations = tenancies.activation_destinations(tenancy)
    form = DestinationForm(request.POST or None, destinations=destinations)
    if request.method == "POST" and destinations and form.is_valid():
        chosen = next(d for d in destinations if d.key == form.cleaned_data["destination"])
        try:
            accounts.throttle_code_requests(acting=request.acting, key=f"activate:{tenancy.number}")
            tenancies.issue_activation(acting=request.acting, person=chosen.person, method=chosen.method)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("We sent a code to %(to)s. It works for 15 minutes.") % {"to": chosen.label})
            return redirect("portal:activate-code")
    return _page(request, "activate_send.html", form=form, destinations=destinations,
                 phone=_agency_phone(tenancy))


def _activation_code_or_restart(request):
    found = _live_code(_state(request, ACTIVATION))
    if found is None or found[1].purpose != CodePurpose.ACTIVATION:
        return None
    return found


def _activate_with(request, form_class, template, secret_field):
    found = _activation_code_or_restart(request)
    if found is None:
        return redirect("portal:activate")
    user, code = found
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.activate_account(acting=request.acting, user=user, code=code,
                                      **{secret_field: form.cleaned_data[secret_field]})
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return _finish(request, ACTIVATION, user, reverse("portal:activate-done"))
    return _page(request, template, form=form)


def activate_password(request):
    """Step 3: a password, or (next page) only a PIN for the kiosk."""
    return _activate_with(request, NewPasswordForm, "activate_password.html", "password")


def activate_pin(request):
    return _activate_with(request, PinForm, "activate_pin.html", "pin")


@login_required
def activate_done(request):
    """The account is ready. A tenant is offered the few questions about the internet, which she
    may answer now or never ("Not now" weighs the same)."""
    tenant = request.user.is_authenticated and request.user.role == Role.TENANT
    return _page(request, "activate_done.html", offer_questions=tenant)


# --- unlocking -------------------------------------------------------------------------------


def _unlock_users(request) -> list[User]:
    ids = _state(request, UNLOCK).get("user_ids") or []
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def unlock(request):
    """Locked out or forgot the password: who are you?"""
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        users = candidate_users(form.cleaned_data["identifier"])
        if not users:
            form.add_error("identifier", UNKNOWN_ACCOUNT)
        else:
            _save_state(request, UNLOCK, {"user_ids": [u.pk for u in users]})
            return redirect("portal:unlock-send")
    return _page(request, "unlock.html", form=form)


def unlock_send(request):
    users = _unlock_users(request)
    if not users:
        return redirect("portal:unlock")
    destinations = accounts.code_destinations(users)
    form = DestinationForm(request.POST or None, destinations=destinations)
    if request.method == "POST" and destinations and form.is_valid():
        chosen = next(d for d in destinations if d.key == form.cleaned_data["destination"])
        try:
            accounts.throttle_code_requests(acting=request.acting, key=f"unlock:{chosen.user.pk}")
            accounts.send_unlock_code(acting=request.acting, destination=chosen)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _save_state(request, UNLOCK, {"user_ids": [u.pk for u in users], "user_id": chosen.user.pk})
            messages.success(request, _("We sent a code to %(to)s. It works for 15 minutes.") % {"to": chosen.label})
            return redirect("portal:unlock-code")
    return _page(request, "unlock_send.html", form=form, destinations=destinations,
                 phone=_agency_phone(_tenancy_of_any(users)))


def _tenancy_of_any(users):
    for user in users:
        person = person_of(user)
        tenancy = current_tenancy_of(person) if person else None
        if tenancy is not None:
            return tenancy
    return None


def unlock_code(request):
    state = _state(request, UNLOCK)
    user = User.objects.filter(pk=state.get("user_id") or 0, is_active=True).first()
    if user is None:
        return redirect("portal:unlock")
    form = UnlockCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, code = accounts.check_code_throttled(
                acting=request.acting, key=f"unlock:{user.pk}", users=[user], purpose=CodePurpose.UNLOCK,
                code=form.cleaned_data["code"],
            )
        except (accounts.CodeInvalid, accounts.LoginLocked) as exc:
            form.add_error("code", exc.message)
        else:
            _save_state(request, UNLOCK, {**state, "code_id": code.pk})
            return redirect("portal:unlock-password")
    return _page(request, "unlock_code.html", form=form)


def unlock_password(request):
    found = _live_code(_state(request, UNLOCK))
    if found is None or found[1].purpose != CodePurpose.UNLOCK:
        return redirect("portal:unlock")
    user, code = found
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.unlock_account(acting=request.acting, user=user, code=code, password=form.cleaned_data["password"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            if user.is_staff_member:
                # Staff sign in through the back office and its own checks.
                request.session.pop(UNLOCK, None)
                messages.success(request, _("Your account is unlocked. Sign in with your new password."))
                return redirect("backoffice:login")
            return _finish(request, UNLOCK, user, reverse("portal:unlock-done"))
    return _page(request, "unlock_password.html", form=form)


@login_required
def unlock_done(request):
    return _page(request, "unlock_done.html")


# --- kiosk PIN -------------------------------------------------------------------------------


@login_required
def account_pin(request):
    """A signed-in tenant chooses or changes the PIN she types on the kiosk."""
    if request.user.role != Role.TENANT:
        raise Http404
    form = ChangePinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_pin(acting=request.acting, user=request.user, pin=form.cleaned_data["pin"],
                             current_password=form.cleaned_data["current_password"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Your new PIN is saved. Use it on the screen in the common room."))
            return redirect("portal:home")
    return _page(request, "account_pin.html", form=form, has_pin=bool(request.user.pin))
