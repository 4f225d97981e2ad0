"""The second factor of staff, contractors and helpers: a time-based code from an authenticator
app (TOTP, django-otp) and ten single-use backup codes.

A session counts as verified once a code was accepted in it (django-otp keeps the device in the
session; its middleware drops it when the device is deleted). Wrong codes are throttled like
passwords: 5 in 30 minutes for one account from one address lock the second step. Backup codes
are kept as keyed hashes only, so a copy of the database does not reveal them.
"""

import secrets
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .models import STAFF_ROLES, LoginFailure, Role, User
from .services import LETTER_CODE_ALPHABET, is_locked

SECOND_FACTOR_ROLES = STAFF_ROLES | {Role.CONTRACTOR, Role.HELPER}
BACKUP_CODE_COUNT = 10
DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"

register("accounts.second_factor_enrolled", gettext_lazy("Second factor set up"))
register("accounts.second_factor_verified", gettext_lazy("Second factor confirmed"))
register("accounts.second_factor_failed", gettext_lazy("Wrong second-factor code"))
register("accounts.backup_codes_renewed", gettext_lazy("New backup codes made"))
register("accounts.second_factor_reset", gettext_lazy("Second factor reset by an administrator"))


class SecondFactorLocked(DomainError):
    pass


class SecondFactorWrong(DomainError):
    pass


_LOCKED = gettext_lazy("Too many wrong codes. Wait 30 minutes and try again, or ask an administrator.")


# --- who needs it, and where they are ---------------------------------------------------------


def required_for(user) -> bool:
    """True when this signed-in account must confirm its sign-in with a second factor."""
    return bool(
        settings.PALIER_REQUIRE_2FA and getattr(user, "is_authenticated", False)
        and user.role in SECOND_FACTOR_ROLES
    )


def is_verified(user) -> bool:
    """A code was accepted in this session (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_device(user: User) -> bool:
    """An authenticator app or a passkey (backup codes alone do not count: they come with one)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists())


def has_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def missing_for(user) -> str | None:
    """What this request still lacks: "setup" (no authenticator yet), "verify" (one, but no code
    in this session), or None."""
    if not required_for(user) or is_verified(user):
        return None
    return "verify" if has_device(user) else "setup"


# --- enrolment ---------------------------------------------------------------------------------


def pending_device(*, user: User) -> TOTPDevice:
    """The authenticator being set up: created on first visit, kept until it is confirmed, so
    reloading the page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32 by groups of four, as authenticator apps ask for it."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def setup_url(device: TOTPDevice) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return device.config_url


# --- checking codes ----------------------------------------------------------------------------


def _throttle_key(user: User) -> str:
    return f"2fa:{user.pk}"


# Across every address: someone who stole a password cannot guess codes from many machines.
# Generous enough that colleagues sharing a NAT with a mistyping person are not all locked.
ACCOUNT_CAP = 20


def _locked(acting: Acting, user: User) -> bool:
    key = _throttle_key(user)
    if is_locked(key, acting.ip or "unknown"):
        return True
    from .services import _window_start

    return LoginFailure.objects.filter(account_key=key, at__gte=_window_start()).count() >= ACCOUNT_CAP


def _refuse_if_locked(acting: Acting, user: User) -> None:
    """While locked, no code is even checked; each refusal is audited."""
    if _locked(acting, user):
        record(acting, "accounts.second_factor_failed", target=user, data={"reason": "locked"})
        raise SecondFactorLocked(str(_LOCKED), code="locked", field="code")


def _count_failure(acting: Acting, user: User, reason: str) -> None:
    with transaction.atomic():
        LoginFailure.objects.create(account_key=_throttle_key(user), ip=acting.ip or "unknown")
        record(acting, "accounts.second_factor_failed", target=user, data={"reason": reason})
    if _locked(acting, user):
        raise SecondFactorLocked(str(_LOCKED), code="locked", field="code")
    raise SecondFactorWrong(_("This code is not right. Check it and type it again."), code="wrong", field="code")


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _backup_hash(code: str) -> str:
    return salted_hmac("palier.second_factor.backup", _clean(code), algorithm="sha256").hexdigest()[:16]


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME,
                                                          defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = []
    for _i in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(LETTER_CODE_ALPHABET) for _j in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_backup_hash(c)) for c in codes)
    return codes


def confirm_enrolment(request, *, acting: Acting, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the pending authenticator with a first code: the session becomes verified and ten
    backup codes are made. Returns the backup codes, to show once. Raises SecondFactorWrong or
    SecondFactorLocked."""
    user = device.user
    _refuse_if_locked(acting, user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        ok = _clean(code).isdigit() and device.verify_token(_clean(code))
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Only one authenticator: an earlier one (a lost phone) stops working.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _new_backup_codes(user)
            LoginFailure.objects.filter(account_key=_throttle_key(user)).delete()
            record(acting, "accounts.second_factor_enrolled", target=user)
    if not ok:
        _count_failure(acting, user, "enrolment")
    otp_login(request, device)
    return codes


def verify(request, *, acting: Acting, user: User, code: str) -> str:
    """Accept a code from the authenticator app or one backup code (used up at once); the
    session becomes verified. Returns "totp" or "backup". Raises SecondFactorWrong or
    SecondFactorLocked; every wrong code is counted and audited."""
    _refuse_if_locked(acting, user)
    cleaned = _clean(code)
    matched, method = None, ""
    with transaction.atomic():
        if cleaned.isdigit() and len(cleaned) == 6:
            for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(cleaned):
                    matched, method = device, "totp"
                    break
        elif len(cleaned) == 8:
            for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if device.verify_token(_backup_hash(cleaned)):
                    matched, method = device, "backup"
                    break
        if matched is not None:
            LoginFailure.objects.filter(account_key=_throttle_key(user)).delete()
            record(acting, "accounts.second_factor_verified", target=user, data={"method": method})
    if matched is None:
        _count_failure(acting, user, "wrong")
    otp_login(request, matched)
    return method


@transaction.atomic
def reset(*, acting: Acting, user: User) -> None:
    """An administrator removes someone's authenticator app and backup codes (a lost phone). Their
    open sessions lose their second factor at once; the next sign-in sets up a new app."""
    if not (acting.is_authenticated and acting.user.role == Role.ADMINISTRATOR):
        raise DomainError(_("Only an administrator can reset a second factor."), code="forbidden")
    from django_otp_webauthn.models import WebAuthnCredential

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    record(acting, "accounts.second_factor_reset", target=user)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def renew_backup_codes(*, acting: Acting, user: User) -> list[str]:
    """Ten new backup codes; the earlier ones stop working. Returns them, to show once."""
    codes = _new_backup_codes(user)
    record(acting, "accounts.backup_codes_renewed", target=user)
    return codes


# --- passkeys (see passkeys.py) -------------------------------------------------------------------


def passkey_verified(*, acting: Acting, user: User) -> None:
    """A passkey confirmed this sign-in (django-otp-webauthn has marked the session)."""
    with transaction.atomic():
        LoginFailure.objects.filter(account_key=_throttle_key(user)).delete()
        record(acting, "accounts.second_factor_verified", target=user, data={"method": "passkey"})


def passkey_failed(*, acting: Acting, user: User) -> None:
    """A passkey check failed: counted and audited like a wrong code. Raises SecondFactorWrong or
    SecondFactorLocked."""
    _count_failure(acting, user, "passkey")
