"""A helper creates their own account, from their own phone or computer: a tenant's daughter in
another city, a volunteer of an association. They give their name and email address, type the code
sent there, choose a password (the project's password rules), and are then asked to set up their
second factor before they can act for anyone (see palier.accounts.second_factor).

Nobody learns from these pages whether an address already has an account: the page always says a
code was sent; an address already in use gets a message saying so instead of a code. Requests are
capped like every code Palier sends (per address and per network address). Creating an account
gives no access to anyone: a tenant still gives a mandate, with the usual consent."""

import datetime as dt
import secrets
import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.models import Role, User
from palier.accounts.services import LoginLocked, throttle_code_requests
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.services import queue_message

CODE_VALID_FOR = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 5

CODE_SUBJECT = gettext_lazy("Your code to create a helper account")
CODE_BODY = gettext_lazy("Hello %(name)s,\nHere is your code to create your helper account: %(code)s\n"
                         "It works for 30 minutes. If you did not ask for it, do nothing.")
EXISTS_BODY = gettext_lazy("Hello,\nSomeone asked to create a helper account with this email address. "
                           "You already have an account: sign in with it. If you forgot your password, "
                           "ask for a new one on the sign-in page.\nIf you did not ask, do nothing.")


def start_helper_signup(*, acting: Acting, email: str, first_name: str, last_name: str, language: str) -> dict:
    """Send a code to `email` (or, when an account uses it already, a message saying so) and
    return what the session keeps for the next step (a hash, never the code). Raises DomainError
    when too many codes were asked for."""
    email = email.strip().lower()
    try:
        throttle_code_requests(acting=acting, key=f"helper-signup:{email}")
    except LoginLocked as exc:
        raise DomainError(exc.message) from None
    code = f"{secrets.randbelow(10**6):06d}"
    exists = User.objects.filter(email__iexact=email).exists()
    with translation.override(language):
        subject = str(CODE_SUBJECT)
        body = str(EXISTS_BODY) if exists else str(CODE_BODY % {"name": first_name.strip(), "code": code})
    queue_message(acting=acting, channel="email", to=email, subject=subject, body=body, language=language,
                  idempotency_key=f"helper-signup-{uuid.uuid4().hex}")
    record(acting, "mandates.helper_signup_started", data={"existing_account": exists})
    # For an address in use, the kept hash matches no code anyone has: the next step looks the same.
    kept = make_password(secrets.token_hex(16) if exists else code)
    return {"email": email, "first_name": first_name.strip(), "last_name": last_name.strip(), "language": language,
            "code_hash": kept, "expires": (timezone.now() + CODE_VALID_FOR).timestamp(), "attempts": 0,
            "verified": False}


def check_signup_code(*, acting: Acting, state: dict, code: str) -> dict:
    """The state with `verified` set when `code` is right. Raises DomainError(field="code") for a
    wrong code (counted: five and the code stops working) or one too old."""
    if state.get("attempts", 0) >= MAX_ATTEMPTS or timezone.now().timestamp() >= state.get("expires", 0):
        raise DomainError(_("This code is too old. Ask for a new one."), field="code")
    cleaned = "".join(ch for ch in (code or "") if ch.isdigit())
    if not check_password(cleaned, state.get("code_hash", "")):
        state["attempts"] = state.get("attempts", 0) + 1
        record(acting, "mandates.helper_signup_code_failed")
        raise DomainError(_("This code is not right. Check it and type it again."), field="code")
    return {**state, "verified": True, "code_hash": ""}


@transaction.atomic
def create_helper_account(*, acting: Acting, state: dict, password: str) -> User:
    """The helper account, once the email address is proven and the password follows the rules.
    Raises DomainError(field="password") for a weak password."""
    if not state.get("verified"):
        raise DomainError(_("Type the code we sent you first."))
    user = User(username=f"helper-{uuid.uuid4().hex[:12]}", role=Role.HELPER, email=state["email"],
                first_name=state["first_name"], last_name=state["last_name"], language=state.get("language", "fr"))
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the address was taken meanwhile
        raise DomainError(_("We could not create this account. Sign in, or start again.")) from None
    record(acting.with_user(user), "mandates.helper_account_created", target=user)
    return user
