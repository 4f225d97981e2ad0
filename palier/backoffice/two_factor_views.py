"""The second factor of staff, contractors and helpers: set up an authenticator app, confirm a
sign-in with a code, see or renew the backup codes."""

from urllib.parse import urlencode

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from palier.accounts import second_factor
from palier.accounts.signin import next_url

from .two_factor_forms import AppCodeForm, BackupCodeForm

# The backup codes just made, shown once by the backup-codes page and then forgotten.
FRESH_CODES = "palier_fresh_backup_codes"


def _account(request):
    """The signed-in account, if it is one that has a second factor; None means sign in first."""
    if not request.user.is_authenticated:
        return None
    if request.user.role not in second_factor.SECOND_FACTOR_ROLES:
        raise Http404
    return request.user


def _next_url(request) -> str:
    return next_url(request, default=reverse("backoffice:home" if request.user.is_staff_member else "portal:home"))


def _login(request):
    return redirect_to_login(request.get_full_path(), "backoffice:login")


def _qr_code(device) -> str:
    """The otpauth:// address as an SVG QR code in a data: address, for an <img>."""
    return segno.make(second_factor.setup_url(device), error="m").svg_data_uri(scale=5, border=2)


@require_http_methods(["GET", "POST"])
def setup(request):
    user = _account(request)
    if user is None:
        return _login(request)
    if second_factor.has_device(user) and not second_factor.is_verified(user):
        # Replacing an authenticator needs the current one (or a backup code) first.
        return redirect("backoffice:two-factor-verify")
    device = second_factor.pending_device(user=user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_enrolment(request, acting=request.acting, device=device,
                                                    code=form.cleaned_data["code"])
        except (second_factor.SecondFactorWrong, second_factor.SecondFactorLocked) as exc:
            form.add_error("code", exc.message)
        else:
            request.session[FRESH_CODES] = codes
            return redirect("backoffice:two-factor-backup-codes")
    return render(request, "backoffice/two_factor/setup.html", {
        "form": form, "qr_code": _qr_code(device), "secret": second_factor.secret_for_typing(device),
        "replacing": second_factor.has_app(user), "webauthn_config": passkey_config(request),
    })


@require_http_methods(["GET", "POST"])
def verify(request):
    user = _account(request)
    if user is None:
        return _login(request)
    if not second_factor.has_device(user):
        return redirect("backoffice:two-factor-setup")
    if second_factor.is_verified(user):
        return redirect(_next_url(request))
    app_form = AppCodeForm(request.POST if "code" in request.POST else None)
    backup_form = BackupCodeForm(request.POST if "backup_code" in request.POST else None)
    form = app_form if "code" in request.POST else backup_form
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data.get("code") or form.cleaned_data.get("backup_code")
        try:
            method = second_factor.verify(request, acting=request.acting, user=user, code=code)
        except (second_factor.SecondFactorWrong, second_factor.SecondFactorLocked) as exc:
            form.add_error(next(iter(form.fields)), exc.message)
        else:
            if method == "backup" and second_factor.backup_codes_left(user) <= 2:
                request.session["palier_backup_codes_low"] = True
                return redirect("backoffice:two-factor-backup-codes")
            return redirect(_next_url(request))
    from palier.accounts.passkeys import has_passkey

    return render(request, "backoffice/two_factor/verify.html", {
        "app_form": app_form, "backup_form": backup_form, "has_app": second_factor.has_app(user),
        "has_passkey": has_passkey(user), "webauthn_config": passkey_config(request),
    })


@require_http_methods(["GET", "POST"])
def backup_codes(request):
    user = _account(request)
    if user is None:
        return _login(request)
    if not second_factor.has_device(user):
        return redirect("backoffice:two-factor-setup")
    if not second_factor.is_verified(user):
        # Seeing or renewing backup codes needs a code in this session, whatever the settings.
        return redirect(f"{reverse('backoffice:two-factor-verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        request.session[FRESH_CODES] = second_factor.renew_backup_codes(acting=request.acting, user=user)
        return redirect("backoffice:two-factor-backup-codes")
    codes = request.session.pop(FRESH_CODES, None)
    low = request.session.pop("palier_backup_codes_low", False)
    return render(request, "backoffice/two_factor/backup_codes.html", {
        "codes": codes, "left": second_factor.backup_codes_left(user), "low": low,
        "continue_url": "backoffice:home" if user.is_staff_member else "portal:home",
    })


# --- passkeys ------------------------------------------------------------------------------------


def passkey_config(request) -> dict:
    """What django-otp-webauthn's scripts need: Palier's endpoints and the CSRF token."""
    from django.middleware import csrf

    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("backoffice:passkey-authenticate-begin"),
        "completeAuthenticationUrl": reverse("backoffice:passkey-authenticate-complete"),
        "beginRegistrationUrl": reverse("backoffice:passkey-register-begin"),
        "completeRegistrationUrl": reverse("backoffice:passkey-register-complete"),
    }


@require_http_methods(["GET"])
def passkeys(request):
    """The account's passkeys, and a button to add one (needs a confirmed sign-in)."""
    user = _account(request)
    if user is None:
        return _login(request)
    if not second_factor.has_device(user):
        return redirect("backoffice:two-factor-setup")
    if not second_factor.is_verified(user):
        return redirect(f"{reverse('backoffice:two-factor-verify')}?{urlencode({'next': request.path})}")
    from palier.accounts.passkeys import passkeys_of

    if request.session.get(FRESH_CODES):
        return redirect("backoffice:two-factor-backup-codes")
    return render(request, "backoffice/two_factor/passkeys.html", {
        "passkeys": passkeys_of(user), "webauthn_config": passkey_config(request),
        "continue_url": "backoffice:home" if user.is_staff_member else "portal:home",
    })


@require_http_methods(["GET"])
def passkey_i18n(request):
    """The French, Dutch and German words of django-otp-webauthn's scripts (it ships none in
    French), from Palier's own catalogue: a small `gettext` for those scripts only."""
    import json

    from django.http import HttpResponse
    from django.utils.translation import gettext

    from palier.accounts.passkey_words import WORDS

    catalog = {word: gettext(word) for word in WORDS}
    body = (
        "(function(){var c=" + json.dumps(catalog, ensure_ascii=False) + ";"
        "window.gettext=function(m){return Object.prototype.hasOwnProperty.call(c,m)?c[m]:m;};"
        "window.ngettext=function(s,p,n){return n==1?window.gettext(s):window.gettext(p);};"
        "window.interpolate=function(f,o){return f.replace(/%s/g,function(){return String(o.shift());});};"
        "})();"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "private, max-age=0"
    return response
