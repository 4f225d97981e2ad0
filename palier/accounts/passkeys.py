"""Passkeys (WebAuthn) as a second factor for staff, contractors and helpers, beside the
authenticator app and the backup codes (django-otp-webauthn).

A passkey only confirms a sign-in that a password started: passwordless sign-in is off. Palier
wraps the package's four JSON endpoints so that
- only accounts that have a second factor reach them (anyone else: 404), signed in first;
- a failed passkey check counts like a wrong code (second_factor throttling: 5 per account and
  address, 20 per account from anywhere, in 30 minutes) and is audited, like a success;
- adding a passkey to an account that already has a second factor needs it confirmed in this
  session (the package checks this too), and the first one also makes the backup codes;
- after a check the browser goes to a `next` address on this site only.
"""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from palier.audit.registry import register
from palier.audit.services import record

from . import second_factor
from .signin import next_url

register("accounts.passkey_added", gettext_lazy("Passkey added"))
register("accounts.passkey_removed", gettext_lazy("Passkey removed"))

FRESH_CODES = "palier_fresh_backup_codes"


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def has_passkey(user) -> bool:
    return passkeys_of(user).exists()


class Locked(webauthn_errors.OTPWebAuthnApiError):
    status_code = 429
    default_code = "locked"


class Refused(webauthn_errors.OTPWebAuthnApiError):
    status_code = 400
    default_code = "refused"


def _account(request):
    user = request.user
    if not user.is_authenticated:
        raise webauthn_errors.NotAuthenticated()
    if user.role not in second_factor.SECOND_FACTOR_ROLES:
        raise Http404
    return user


class _Palier:
    """Palier's 404 for accounts without a second factor, before the package's own checks."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role not in second_factor.SECOND_FACTOR_ROLES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RegisterBegin(_Palier, webauthn_views.BeginCredentialRegistrationView):
    def user_is_mfa_enrolled(self, user):
        return second_factor.has_device(user)


class RegisterComplete(_Palier, webauthn_views.CompleteCredentialRegistrationView):
    def user_is_mfa_enrolled(self, user):
        return second_factor.has_device(user)

    def post(self, *args, **kwargs):
        user = _account(self.request)
        first_factor = not second_factor.has_device(user)
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            record(self.request.acting, "accounts.passkey_added", target=user)
            if first_factor or second_factor.backup_codes_left(user) == 0:
                self.request.session[FRESH_CODES] = second_factor.renew_backup_codes(acting=self.request.acting,
                                                                                     user=user)
        return response


class AuthenticateBegin(_Palier, webauthn_views.BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        user = _account(self.request)
        if second_factor._locked(self.request.acting, user):
            raise Locked(detail=str(second_factor._LOCKED))
        super().check_can_authenticate()


class AuthenticateComplete(_Palier, webauthn_views.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        user = _account(self.request)
        if second_factor._locked(self.request.acting, user):
            record(self.request.acting, "accounts.second_factor_failed", target=user, data={"reason": "locked"})
            raise Locked(detail=str(second_factor._LOCKED))
        super().check_can_authenticate()

    def get_success_url(self):
        user = self.request.user
        default = reverse("backoffice:home" if user.is_staff_member else "portal:home")
        return next_url(self.request, default=default)

    def complete_auth(self, device):
        super().complete_auth(device)
        second_factor.passkey_verified(acting=self.request.acting, user=device.user)

    def handle_exception(self, exc):
        if isinstance(exc, webauthn_errors.OTPWebAuthnApiError) and not isinstance(exc, Locked) \
                and self.request.user.is_authenticated and not isinstance(exc, webauthn_errors.InvalidState):
            try:
                second_factor.passkey_failed(acting=self.request.acting, user=self.request.user)
            except second_factor.SecondFactorLocked as locked:
                return JsonResponse({"detail": locked.message, "code": "locked"}, status=429)
            except second_factor.SecondFactorWrong:
                return JsonResponse({"detail": _("This passkey was not accepted. Try again, or use a code."),
                                     "code": exc.code}, status=exc.status_code)
        return super().handle_exception(exc)
