"""Re-authentication before a sensitive change (STANDARDS.md): an email, a phone number, a password
(an IBAN on the landlord settings page asks for the password in the same form).

Someone who finds a session left open on a shared computer must not be able to take the account
over. Before such a change the person types their password again (or, for an account that only
has a kiosk PIN, the PIN); the confirmation lasts `REAUTH_SECONDS` in this session. Wrong
passwords count like failed sign-ins: 5 in 30 minutes for this account from this address lock
the confirmation, and each one is audited.
"""

import time

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting

from .models import LoginFailure, User
from .services import LoginFailed, LoginLocked, is_locked

REAUTH_SECONDS = 5 * 60
SESSION_KEY = "palier_reauth_at"

register("accounts.identity_confirmed", gettext_lazy("Identity confirmed before a change"))
register("accounts.identity_confirmation_failed", gettext_lazy("Wrong password before a change"))


def _key(user: User) -> str:
    return f"reauth:{user.pk}"


def uses_pin(user: User) -> bool:
    """An account without a password (kiosk only) confirms with its PIN."""
    return not user.has_usable_password() and bool(user.pin)


def recently_confirmed(request) -> bool:
    at = request.session.get(SESSION_KEY)
    return bool(at) and time.time() - at <= REAUTH_SECONDS


def forget(request) -> None:
    """After the change: the next sensitive change asks again."""
    request.session.pop(SESSION_KEY, None)


def confirm_identity(request, *, acting: Acting, secret: str) -> None:
    """Check the signed-in person's password (or PIN) again. Raises LoginLocked or LoginFailed."""
    from django.contrib.auth.hashers import check_password

    user = request.user
    ip = acting.ip or "unknown"
    locked = _("Too many wrong tries. Wait 30 minutes, or sign out and unlock your account with a code.")
    if is_locked(_key(user), ip):
        record(acting, "accounts.identity_confirmation_failed", target=user, data={"reason": "locked"})
        raise LoginLocked(locked, code="locked", field="secret")
    hashed = user.pin if uses_pin(user) else user.password
    if hashed and check_password(secret, hashed):
        LoginFailure.objects.filter(account_key=_key(user)).delete()
        record(acting, "accounts.identity_confirmed", target=user)
        request.session[SESSION_KEY] = time.time()
        return
    with transaction.atomic():
        LoginFailure.objects.create(account_key=_key(user), ip=ip)
        record(acting, "accounts.identity_confirmation_failed", target=user, data={"reason": "wrong"})
    if is_locked(_key(user), ip):
        raise LoginLocked(locked, code="locked", field="secret")
    if uses_pin(user):
        raise LoginFailed(_("This PIN is not right. Type it again."), field="secret")
    raise LoginFailed(_("This password is not right. Type it again."), field="secret")
