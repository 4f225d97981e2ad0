"""Signing in, throttling and one-time codes. Every state change is audited."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .identifiers import candidate_users, normalise, normalise_phone
from .models import CodePurpose, LoginFailure, OneTimeCode, Role, User

# Letters and digits that cannot be confused when read aloud or on paper (no 0/O, 1/I/L).
LETTER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# A live code tried wrongly this many times (from anywhere) stops working.
MAX_CODE_ATTEMPTS = 5


class LoginLocked(DomainError):
    pass


class LoginFailed(DomainError):
    pass


class CodeInvalid(DomainError):
    pass


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: object


# --- throttling -----------------------------------------------------------------------------


def account_key(identifier: str, users: list[User]) -> str:
    """Throttling is keyed on the account, not on what was typed, so that trying the email, then
    the phone, then the tenancy number of the same person counts once."""
    if users:
        return "acct:" + ",".join(str(u.pk) for u in sorted(users, key=lambda u: u.pk))
    return "id:" + normalise(identifier)[:190]


def _window_start():
    return timezone.now() - timedelta(seconds=settings.PALIER_LOGIN_WINDOW_SECONDS)


def is_locked(key: str, ip: str) -> bool:
    """Locked after N failures in the window from this address. Keyed on account *and* address,
    so one person cannot lock out a whole common room sharing an address, nor a whole account."""
    return (
        LoginFailure.objects.filter(account_key=key, ip=ip, at__gte=_window_start()).count()
        >= settings.PALIER_LOGIN_MAX_FAILURES
    )


def clear_failures(users: list[User]) -> None:
    keys = [account_key("", [u]) for u in users]
    LoginFailure.objects.filter(account_key__in=keys).delete()
    # Household keys (several accounts behind one tenancy number) contain the id too.
    for u in users:
        LoginFailure.objects.filter(account_key__startswith="acct:", account_key__contains=f",{u.pk}").delete()
        LoginFailure.objects.filter(account_key__startswith=f"acct:{u.pk},").delete()


# --- signing in -----------------------------------------------------------------------------


_DUMMY_HASH = None


def _burn_time(secret: str) -> None:
    """Spend the time of one hash check, so a missing account answers as slowly as a wrong password."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("not-a-real-password")
    check_password(secret, _DUMMY_HASH)


def authenticate(*, acting: Acting, identifier: str, secret: str, kind: str = "password") -> User:
    """Find the account named by `identifier` whose password (or kiosk PIN) is `secret`.

    Raises LoginLocked when 5 attempts failed in 30 minutes for this account from this address,
    LoginFailed otherwise. Each failure and each refusal is audited.
    """
    users = candidate_users(identifier)
    key = account_key(identifier, users)
    ip = acting.ip or "unknown"
    if is_locked(key, ip):
        record(acting, "accounts.login_refused_locked", target=users[0] if len(users) == 1 else None,
               data={"identifier": normalise(identifier)[:100], "kind": kind})
        raise LoginLocked(_("Too many wrong tries. This account is locked for 30 minutes. "
                            "You can unlock it now with a code."), code="locked")
    matched = None
    for user in users:
        hashed = user.pin if kind == "pin" else user.password
        if hashed and check_password(secret, hashed):
            matched = user
            break
    if not users:
        _burn_time(secret)
    if matched is None:
        with transaction.atomic():
            LoginFailure.objects.create(account_key=key, ip=ip)
            record(acting, "accounts.login_failed", target=users[0] if len(users) == 1 else None,
                   data={"identifier": normalise(identifier)[:100], "kind": kind})
        if is_locked(key, ip):
            raise LoginLocked(_("Too many wrong tries. This account is locked for 30 minutes. "
                                "You can unlock it now with a code."), code="locked")
        if kind == "pin":
            raise LoginFailed(_("The tenancy number or the PIN is not right. Check them and try again."))
        raise LoginFailed(_("The sign-in details are not right. Check them and try again."))
    return matched


def sign_in(request, *, acting: Acting, user: User) -> None:
    """Open a session for `user` (a new session id) and audit it."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = timezone.now().timestamp()
    request.session["palier_started_at"] = now
    # Seen now: the first page after signing in need not write the session again.
    request.session["palier_last_seen"] = now
    request.session["palier_kiosk"] = bool(acting.kiosk)
    clear_failures([user])
    record(acting.with_user(user), "accounts.logged_in", target=user)


def sign_out(request, *, acting: Acting) -> None:
    if request.user.is_authenticated:
        record(acting, "accounts.logged_out", target=request.user)
    logout(request)


# --- one-time codes -------------------------------------------------------------------------


def _new_code(purpose: str) -> str:
    if purpose == CodePurpose.ACTIVATION:
        raw = "".join(secrets.choice(LETTER_CODE_ALPHABET) for _ in range(8))
        return f"{raw[:4]}-{raw[4:]}"
    return f"{secrets.randbelow(10**6):06d}"


def clean_code(code: str) -> str:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(code) == 8 and not code.isdigit():
        return f"{code[:4]}-{code[4:]}"
    return code


@transaction.atomic
def issue_code(*, acting: Acting, user: User, purpose: str, sent_by: str, valid_for: timedelta) -> IssuedCode:
    """A new one-time code for `user`; earlier unused codes of the same purpose stop working."""
    now = timezone.now()
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(expires_at=now)
    code = _new_code(purpose)
    otc = OneTimeCode.objects.create(
        user=user, purpose=purpose, code_hash=make_password(clean_code(code)), sent_by=sent_by,
        expires_at=now + valid_for,
    )
    record(acting, "accounts.activation_code_issued" if purpose == CodePurpose.ACTIVATION else "accounts.unlock_code_issued",
           target=user, data={"sent_by": sent_by})
    return IssuedCode(code=code, expires_at=otc.expires_at)


def check_code(*, users: list[User], purpose: str, code: str) -> tuple[User, OneTimeCode]:
    """The account whose live code this is. Raises CodeInvalid with the reason in words:
    unknown, already used or expired. A code tried wrongly 5 times stops working."""
    code = clean_code(code)
    now = timezone.now()
    codes = OneTimeCode.objects.filter(user__in=users, purpose=purpose).order_by("-created_at")[:20]
    for otc in codes:
        if check_password(code, otc.code_hash):
            if otc.used_at:
                raise CodeInvalid(_("This code has already been used. Ask your agency for a new one, "
                                    "or sign in with the password you chose."), code="used")
            if otc.failed_attempts >= MAX_CODE_ATTEMPTS:
                raise CodeInvalid(_("This code was typed wrongly too many times. Ask for a new one."),
                                  code="spent")
            if otc.expires_at <= now:
                raise CodeInvalid(_("This code is too old. Ask for a new one."), code="expired")
            return otc.user, otc
    live = [c for c in codes if c.used_at is None and c.expires_at > now]
    for otc in live:
        OneTimeCode.objects.filter(pk=otc.pk).update(failed_attempts=otc.failed_attempts + 1)
        if otc.failed_attempts + 1 >= MAX_CODE_ATTEMPTS:
            OneTimeCode.objects.filter(pk=otc.pk).update(expires_at=now)
    raise CodeInvalid(_("This code is not right. Check it and type it again."), code="wrong")


def _check_password_rules(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:  # keep Django's translated messages
        raise DomainError(" ".join(exc.messages), field="password") from exc


def _lock_live_code(code: OneTimeCode) -> OneTimeCode:
    """The code's row, locked, if it can still be used; CodeInvalid otherwise (it may have been
    used or may have expired between the page that checked it and the one that uses it)."""
    locked = OneTimeCode.objects.select_for_update().get(pk=code.pk)
    if locked.used_at is not None:
        raise CodeInvalid(_("This code has already been used. Ask your agency for a new one, "
                            "or sign in with the password you chose."), code="used")
    if locked.expires_at <= timezone.now():
        raise CodeInvalid(_("This code is too old. Ask for a new one."), code="expired")
    return locked


_CODE_LOCKED = gettext_lazy("Too many wrong codes. Wait 30 minutes and try again, or call us.")


def check_code_throttled(*, acting: Acting, key: str, users: list[User], purpose: str, code: str
                         ) -> tuple[User, OneTimeCode]:
    """check_code, throttled like signing in: 5 wrong codes in 30 minutes for `key` (say
    "activate:<tenancy number>") from this address lock it. Each wrong code is counted and audited.
    Raises LoginLocked or CodeInvalid."""
    key = account_key(key, [])
    ip = acting.ip or "unknown"
    if is_locked(key, ip):
        raise LoginLocked(str(_CODE_LOCKED), code="locked")
    try:
        return check_code(users=users, purpose=purpose, code=code)
    except CodeInvalid as exc:
        with transaction.atomic():
            LoginFailure.objects.create(account_key=key, ip=ip)
            record(acting, "accounts.activation_failed" if purpose == CodePurpose.ACTIVATION else "accounts.unlock_failed",
                   target=users[0] if len(users) == 1 else None, data={"reason": exc.code or ""})
        if is_locked(key, ip):
            raise LoginLocked(str(_CODE_LOCKED), code="locked") from exc
        raise


# Caps on the codes and messages Palier sends, so that nobody can make it send 1,000 SMS: not by
# repeating a request from one address, not by changing address, not by trying many accounts.
# Each cap can be changed in the settings (the defaults below are used when a setting is absent).
CODE_CAPS = {
    # Requests for one account (or tenant) from any address, in 24 hours.
    "PALIER_CODES_PER_ACCOUNT_PER_DAY": 10,
    # Requests from one address (IP), whatever the account, in one hour. Staff are not counted:
    # they are signed in with a second factor and audited, and a busy counter shares one address.
    "PALIER_CODES_PER_ADDRESS_PER_HOUR": 30,
    # SMS sent to one phone number by accounts' messages (codes and notices), in 24 hours.
    "PALIER_SMS_PER_NUMBER_PER_DAY": 10,
}
_DAY, _HOUR = timedelta(days=1), timedelta(hours=1)
_TOO_MANY = gettext_lazy("We already sent several codes. Wait 30 minutes, or call us.")


def _cap(name: str) -> int:
    return getattr(settings, name, CODE_CAPS[name])


def _counted(key: str, since, *, ip: str | None = None) -> int:
    rows = LoginFailure.objects.filter(account_key=key, at__gte=timezone.now() - since)
    return (rows.filter(ip=ip) if ip is not None else rows).count()


def throttle_code_requests(*, acting: Acting, key: str) -> None:
    """Count one request for a code sent by SMS or email for `key` (one account or tenant, say
    "unlock:<user id>"), or raise LoginLocked: the 6th in 30 minutes from the same address; the
    11th in 24 hours for the same key from any address; the 31st in an hour from one address
    for any keys (anonymous and non-staff requests). Refusals are audited."""
    key = account_key("send:" + key, [])
    ip = acting.ip or "unknown"
    staff = acting.is_authenticated and acting.user.is_staff_member
    reason = None
    if is_locked(key, ip):
        reason = "address"
    elif _counted(key, _DAY) >= _cap("PALIER_CODES_PER_ACCOUNT_PER_DAY"):
        reason = "account"
    elif not staff and _counted("send-from", _HOUR, ip=ip) >= _cap("PALIER_CODES_PER_ADDRESS_PER_HOUR"):
        reason = "many_accounts"
    if reason:
        record(acting, "accounts.code_request_refused", data={"reason": reason})
        raise LoginLocked(str(_TOO_MANY), code="locked")
    LoginFailure.objects.create(account_key=key, ip=ip)
    if not staff:
        LoginFailure.objects.create(account_key="send-from", ip=ip)


def _sms_key(number: str) -> str:
    """The throttling key of a phone number: a keyed hash, so the table holds no number."""
    from palier.core.crypto import lookup_hash

    return "sms-to:" + lookup_hash(normalise_phone(number), purpose="sms-throttle")


def sms_allowed(*, acting: Acting, to: str) -> bool:
    """Count one SMS to `to`; False (and audited) once the number got its share for the day."""
    key = _sms_key(to)
    if _counted(key, _DAY) >= _cap("PALIER_SMS_PER_NUMBER_PER_DAY"):
        record(acting, "accounts.sms_capped", data={"to": masked_phone(to)})
        return False
    LoginFailure.objects.create(account_key=key, ip=acting.ip or "unknown")
    return True


def validate_pin(pin: str) -> None:
    if not (pin.isdigit() and len(pin) == 6):
        raise DomainError(_("The PIN must have exactly 6 digits."), field="pin")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise DomainError(_("This PIN is too easy to guess. Choose another one."), field="pin")


@transaction.atomic
def activate_account(*, acting: Acting, user: User, code: OneTimeCode, password: str = "", pin: str = "") -> User:
    """Use an activation code once: set the password and/or the kiosk PIN, mark the code used.
    Nothing is written if the password or PIN is refused."""
    if not password and not pin:
        raise DomainError(_("Choose a password or a PIN."), field="password")
    if password:
        _check_password_rules(password, user)
    if pin:
        validate_pin(pin)
    locked = _lock_live_code(code)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    if password:
        user.set_password(password)
    if pin:
        user.pin = make_password(pin)
    user.activated_at = user.activated_at or timezone.now()
    user.save(update_fields=["password", "pin", "activated_at"])
    record(acting.with_user(user), "accounts.activated", target=user,
           data={"password": bool(password), "pin": bool(pin), "sent_by": code.sent_by})
    return user


@transaction.atomic
def unlock_account(*, acting: Acting, user: User, code: OneTimeCode, password: str = "") -> None:
    """Use an unlock code once: end the lock and, when `password` is given, make it the new
    password. Nothing is written if the password is refused or the code no longer works."""
    if password:
        _check_password_rules(password, user)
    locked = _lock_live_code(code)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    clear_failures([user])
    record(acting, "accounts.unlocked", target=user, data={"sent_by": code.sent_by, "password": bool(password)})


@transaction.atomic
def staff_unlock(*, acting: Acting, user: User) -> None:
    """A staff member ends the lock of an account (the tenant called or came to the counter).
    The back office checks that the account is within the staff member's reach."""
    if not (acting.is_authenticated and acting.user.is_staff_member):
        raise DomainError(_("Only staff can unlock an account."), code="forbidden")
    clear_failures([user])
    record(acting, "accounts.unlocked_by_staff", target=user)


@transaction.atomic
def set_pin(*, acting: Acting, user: User, pin: str, current_password: str | None = None) -> None:
    """Choose or change the 6-digit kiosk PIN. When `current_password` is given (the tenant
    changes it herself) it must be right; nothing is written otherwise."""
    if current_password is not None and not (user.has_usable_password() and user.check_password(current_password)):
        raise DomainError(_("This is not your current password. Check it and type it again."),
                          field="current_password")
    validate_pin(pin)
    user.pin = make_password(pin)
    user.save(update_fields=["pin"])
    record(acting, "accounts.pin_set", target=user)


# --- messages to the account holder ----------------------------------------------------------
#
# SMS and email go through the outbox, which lives in a higher app (notifications); it plugs its
# `queue_message` in here from its AppConfig.ready(), so accounts never imports it.

_message_sender = None


def register_message_sender(sender) -> None:
    global _message_sender
    _message_sender = sender


def send_message(*, acting: Acting, channel: str, to: str, subject: str, body: str, language: str,
                 user: User | None = None, person=None) -> None:
    """Queue a message to an account holder. An SMS beyond the number's daily cap is not sent
    (see `sms_allowed`): under attack, a number gets at most that many texts a day from Palier."""
    if _message_sender is None:
        raise RuntimeError("No message sender registered: is palier.notifications installed?")
    if channel == "sms" and not sms_allowed(acting=acting, to=to):
        return
    _message_sender(acting=acting, channel=channel, to=to, subject=subject, body=body, language=language,
                    user=user, person=person)


def masked_phone(phone: str) -> str:
    """'+32470123456' → '+32 4•• •• •• 56': enough to recognise one's own number, not to learn it."""
    digits = normalise_phone(phone)
    if len(digits) < 6:
        return "•" * len(digits)
    if digits.startswith("+32"):
        return f"+32 {digits[3]}•• •• •• {digits[-2:]}"
    return f"{digits[:3]} {digits[3]}•• •• •• {digits[-2:]}"


def masked_email(email: str) -> str:
    """'amina.benali@example.org' → 'a•••••@example.org'."""
    local, _sep, domain = (email or "").partition("@")
    return f"{local[:1]}•••••@{domain}" if domain else "•••••"


@dataclass(frozen=True)
class CodeDestination:
    """Somewhere a code can be sent: `key` is opaque for forms, `label` is masked for screens."""

    key: str
    method: str  # "sms" or "email"
    label: str
    to: str
    user: User


def code_destinations(users: list[User]) -> list[CodeDestination]:
    """Where an unlock code can be sent for these accounts: their phones and email addresses,
    each once, masked for display."""
    found, seen = [], set()
    for user in sorted(users, key=lambda u: u.pk):
        for method, to in (("sms", normalise_phone(user.phone) if user.phone else ""), ("email", user.email.lower())):
            if to and (method, to) not in seen:
                seen.add((method, to))
                label = masked_phone(to) if method == "sms" else masked_email(to)
                found.append(CodeDestination(key=f"{method}-{len(found)}", method=method, label=label, to=to, user=user))
    return found


SHORT_CODE_VALIDITY = timedelta(minutes=15)


@transaction.atomic
def send_unlock_code(*, acting: Acting, destination: CodeDestination) -> IssuedCode:
    """A 6-digit unlock code by SMS or email, valid 15 minutes, in the account's language."""
    user = destination.user
    issued = issue_code(acting=acting, user=user, purpose=CodePurpose.UNLOCK, sent_by=destination.method,
                        valid_for=SHORT_CODE_VALIDITY)
    with translation.override(user.language):
        subject = _("Your code to unlock your account")
        body = _("Your code is %(code)s. It works for 15 minutes. "
                 "Do not give it to anyone, not even to us on the phone.") % {"code": issued.code}
    send_message(acting=acting, channel=destination.method, to=destination.to, subject=subject, body=body,
                 language=user.language, user=user)
    return issued


def create_staff(*, acting: Acting, username: str, first_name: str, last_name: str, email: str,
                 role: str, password: str | None = None, phone: str = "", language: str = "fr") -> User:
    if role == Role.TENANT:
        raise DomainError(_("A tenant account is created by activation, not here."), field="role")
    user = User.objects.create_user(
        username, password, first_name=first_name, last_name=last_name, email=email, role=role,
        phone=phone, language=language,
    )
    record(acting, "accounts.staff_created", target=user, data={"role": role})
    return user


@transaction.atomic
def change_password(*, acting: Acting, user: User, password: str) -> None:
    """A signed-in person chooses a new password (after confirming the current one: see
    accounts.reauth). The rules are Django's validators (see password_validation); the person's
    other sessions end, this one stays (the view refreshes its hash)."""
    _check_password_rules(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(acting, "accounts.password_changed", target=user)
    if user.email:
        # If someone else changed it, the person learns it at once.
        with translation.override(user.language):
            subject = str(_("Your password changed"))
            body = str(_("Your Palier password was changed. If it was not you, call your agency now."))
        send_message(acting=acting, channel="email", to=user.email, subject=subject, body=body,
                     language=user.language, user=user)
