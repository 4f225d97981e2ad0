"""A helper at the kiosk ("I help someone"): the helper signs in with their own email address or
phone number and password, then their second factor (a helper account must have one: an
authenticator app; passkeys stay on the helper's own devices). They pick whom they act for among
their valid mandates; a banner says so on every page, only the granted scopes open (everything
else is a 404), and each use is journaled for the tenant, with the kiosk as the channel.

Every kiosk session rule applies unchanged: 3 minutes idle with a warning, "Finish", the session
ended and the browser cleared. `kiosk_required` (views.py) checks, on every request, that the
second factor was given in this session and that the mandate is still valid, to the second."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts import second_factor
from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.accounts.signin import user_from_form
from palier.core.acting import Channel
from palier.mandates import acting as mandate_acting
from palier.mandates import queries
from palier.mandates.scopes import Scope

from .views import _render, kiosk_required

WRONG_DETAILS = gettext_lazy("The sign-in details are not right. Check them and try again.")

# The kiosk pages each scope opens, linked from the helper's kiosk home.
SCOPE_PAGES = [
    (Scope.RENT, "kiosk:rent", gettext_lazy("The rent and how to pay")),
    (Scope.DOCUMENTS, "kiosk:documents", gettext_lazy("Documents")),
    (Scope.MESSAGES, "kiosk:messages", gettext_lazy("Messages")),
    (Scope.MESSAGES, "kiosk:appointments", gettext_lazy("Appointments")),
    (Scope.MESSAGES, "kiosk:callback", gettext_lazy("Ask the agency to call back")),
    (Scope.REPAIRS, "kiosk:repairs", gettext_lazy("Repairs")),
    (Scope.WORKSHOPS, "kiosk:workshops", gettext_lazy("Workshops")),
    (Scope.WORKSHOPS, "kiosk:spaces", gettext_lazy("Rooms to book")),
]


class HelperSignInForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("Your email address or phone number"), max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}))
    # Never offered to the browser's password manager: the screen is shared.
    password = forms.CharField(label=gettext_lazy("Your password"), max_length=200, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


class HelperCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The code shown by your authenticator app"), max_length=20,
        help_text=gettext_lazy("6 digits. Or one of your backup codes."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "aria-describedby": "code-hint"}))


def _helper(request):
    if not request.user.is_authenticated or request.user.role != Role.HELPER:
        raise Http404
    return request.user


@kiosk_required
def helper_sign_in(request):
    """Email or phone and password; a wrong one is throttled per account and address like every
    sign-in, and the answer never tells whether an account exists."""
    if request.user.is_authenticated:
        return redirect("kiosk:helper-home" if request.user.role == Role.HELPER else "kiosk:tenant-home")
    form = HelperSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_from_form(form, acting=request.acting, identifier=form.cleaned_data["identifier"],
                              secret=form.cleaned_data["password"])
        if user is not None:
            if user.role != Role.HELPER:
                form.add_error(None, WRONG_DETAILS)
            elif not second_factor.has_app(user):
                form.add_error(None, _("Your helper account has no second factor yet. Set one up first on your "
                                       "own phone or computer, in your account on the website. Then come back."))
            else:
                accounts.sign_in(request, acting=request.acting, user=user)
                return redirect("kiosk:helper-code")
    return _render(request, "kiosk/helper/sign_in.html", {"form": form})


@kiosk_required
def helper_code(request):
    """The second factor: a code of the helper's authenticator app, or a backup code."""
    if not request.user.is_authenticated:
        return redirect("kiosk:helper-sign-in")
    user = _helper(request)
    if second_factor.is_verified(user):
        return redirect("kiosk:helper-home")
    form = HelperCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify(request, acting=request.acting, user=user, code=form.cleaned_data["code"])
        except (second_factor.SecondFactorWrong, second_factor.SecondFactorLocked) as exc:
            form.add_error("code", exc.message)
        else:
            return redirect("kiosk:helper-home")
    return _render(request, "kiosk/helper/code.html", {"form": form})


def _links_for(scopes) -> list[dict]:
    links = []
    for scope, name, label in SCOPE_PAGES:
        if scope.value in scopes:
            try:
                links.append({"url": reverse(name), "label": label})
            except NoReverseMatch:
                continue
    return links


@kiosk_required
def helper_home(request):
    """Whom the helper may act for (their valid mandates), and, while acting, the pages the
    granted scopes open."""
    if not request.user.is_authenticated:
        return redirect("kiosk:helper-sign-in")
    user = _helper(request)
    grant = getattr(request, "palier_grant", None)
    return _render(request, "kiosk/helper/home.html", {
        "grant": grant, "scope_links": _links_for(grant.scopes) if grant else [],
        "mandates": queries.mandates_held_by(user),
    })


@kiosk_required
@require_POST
def helper_act_for(request):
    """Choose the tenant to act for: only a valid mandate of this helper lets them."""
    if not request.user.is_authenticated:
        return redirect("kiosk:helper-sign-in")
    user = _helper(request)
    try:
        person_id = int(request.POST.get("person", ""))
    except ValueError:
        raise Http404 from None
    mandate, _scopes = queries.live_scopes(user.pk, person_id, timezone.now())
    if mandate is None:
        raise Http404
    mandate_acting.start(request, person_id=person_id, channel=Channel.KIOSK)
    return redirect("kiosk:helper-home")


@kiosk_required
@require_POST
def helper_act_stop(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:helper-sign-in")
    _helper(request)
    mandate_acting.stop(request)
    return redirect("kiosk:helper-home")
