"""Staff accounts, as the administrator manages them: create, change, deactivate.

Agencies are assigned in palier.estates.services.set_staff_agencies (estates sit above accounts).
"""

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .identifiers import normalise_phone
from .models import STAFF_ROLES, Role, User

register("accounts.staff_deactivated", gettext_lazy("Staff account deactivated"))

MIN_STAFF_PASSWORD = 12
STAFF_FIELDS = ["first_name", "last_name", "email", "phone", "role", "language"]


def staff_users():
    return User.objects.filter(role__in=STAFF_ROLES)


def _clean(fields: dict, *, user: User | None = None) -> dict:
    fields = {k: v for k, v in fields.items() if k in STAFF_FIELDS}
    if "role" in fields and fields["role"] not in STAFF_ROLES:
        raise DomainError(_("Choose a staff role."), field="role")
    if fields.get("email"):
        fields["email"] = fields["email"].strip()
        clash = User.objects.annotate(e=Lower("email")).filter(e=fields["email"].lower())
        if user is not None:
            clash = clash.exclude(pk=user.pk)
        if clash.exists():
            raise DomainError(_("Another account already uses this email address."), field="email")
    if fields.get("phone"):
        fields["phone"] = normalise_phone(fields["phone"])
        clash = User.objects.filter(phone=fields["phone"])
        if user is not None:
            clash = clash.exclude(pk=user.pk)
        if clash.exists():
            raise DomainError(_("Another account already uses this phone number."), field="phone")
    return fields


def _check_password(password: str, user: User) -> None:
    if len(password or "") < MIN_STAFF_PASSWORD:
        raise DomainError(
            _("The first password must have at least %(n)d characters.") % {"n": MIN_STAFF_PASSWORD}, field="password"
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc


@transaction.atomic
def create_staff_account(*, acting: Acting, username: str, password: str, **fields) -> User:
    """A new staff account with a first password of at least 12 characters, which the
    administrator gives the person. Raises DomainError naming the field at fault."""
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Choose a username."), field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This username is taken. Choose another one."), field="username")
    fields = _clean(fields)
    fields.setdefault("role", Role.AGENT)
    user = User(username=username, **fields)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    record(acting, "accounts.staff_created", target=user, data={"role": user.role})
    return user


@transaction.atomic
def update_staff_account(*, acting: Acting, user: User, changes: dict) -> User:
    """Change a staff member's names, contact details, language or role."""
    if user.role not in STAFF_ROLES:
        raise DomainError(_("This is not a staff account."))
    changes = _clean(changes, user=user)
    changed = sorted(k for k, v in changes.items() if getattr(user, k) != v)
    if acting.user is not None and acting.user.pk == user.pk and changes.get("role", user.role) != user.role:
        raise DomainError(_("You cannot change your own role. Ask another administrator."), field="role")
    if not changed:
        return user
    data = {"fields": changed}
    if "role" in changed:
        data["role"] = {"old": user.role, "new": changes["role"]}
    for key in changed:
        setattr(user, key, changes[key])
    user.save(update_fields=changed)
    record(acting, "accounts.staff_updated", target=user, data=data)
    return user


def end_sessions_of(user: User) -> int:
    """Delete the database sessions of `user` (the db session engine). With a cache session
    engine nothing is stored to search, but an inactive account is signed out on its next request
    anyway: Django's authentication refuses inactive users."""
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).filter(~Q(session_data=""))
    for session in sessions.iterator(chunk_size=500):
        # get_decoded() answers {} for a corrupt or tampered session: it is no one's.
        decoded = session.get_decoded()
        if str(decoded.get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_staff_account(*, acting: Acting, user: User) -> User:
    """The person can no longer sign in, and every session they have open is ended now."""
    if user.role not in STAFF_ROLES:
        raise DomainError(_("This is not a staff account."))
    if acting.user is not None and acting.user.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account. Ask another administrator."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions_of(user)
    record(acting, "accounts.staff_deactivated", target=user, data={"sessions_ended": ended})
    return user


@transaction.atomic
def reactivate_staff_account(*, acting: Acting, user: User) -> User:
    if user.role not in STAFF_ROLES:
        raise DomainError(_("This is not a staff account."))
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(acting, "accounts.staff_updated", target=user, data={"fields": ["is_active"]})
    return user
