"""Contractors as the back office configures them: the firms (name, contact details, whether they
are offered for new work orders) and their users' accounts.

A contractor's account is made like a staff account: a username and a first password that the
manager gives the person in private. Contractors confirm every sign-in with a second factor, so
the account has no authenticator yet and its first sign-in goes to the set-up page. Each change is
audited; the acting user is recorded apart from the account changed."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import normalise_phone
from palier.accounts.models import Role, User
from palier.accounts.staff import MIN_STAFF_PASSWORD, end_sessions_of
from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .models import Contractor

register("repairs.contractor_added", gettext_lazy("Contractor added"))
register("repairs.contractor_changed", gettext_lazy("Contractor changed"))
register("repairs.contractor_account_created", gettext_lazy("Contractor account created"))
register("repairs.contractor_account_deactivated", gettext_lazy("Contractor account deactivated"))
register("repairs.contractor_account_reactivated", gettext_lazy("Contractor account reactivated"))

CONTRACTOR_FIELDS = ("name", "phone", "email", "active")


def offered_contractors():
    """The firms a new work order may go to."""
    return Contractor.objects.filter(active=True).order_by("name")


def _clean_firm(values: dict) -> dict:
    values = {k: v for k, v in values.items() if k in CONTRACTOR_FIELDS}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"]:
            raise DomainError(_("Write the firm's name."), field="name")
    if values.get("email"):
        values["email"] = values["email"].strip()
    if values.get("phone"):
        values["phone"] = normalise_phone(values["phone"])
    return values


@transaction.atomic
def add_contractor(*, acting: Acting, name: str, phone: str = "", email: str = "", active: bool = True) -> Contractor:
    values = _clean_firm({"name": name, "phone": phone, "email": email, "active": active})
    if Contractor.objects.annotate(n=Lower("name")).filter(n=values["name"].lower()).exists():
        raise DomainError(_("A contractor already has this name."), field="name")
    firm = Contractor.objects.create(**values)
    record(acting, "repairs.contractor_added", target=firm, data={"name": firm.name})
    return firm


@transaction.atomic
def change_contractor(*, acting: Acting, contractor: Contractor, changes: dict) -> Contractor:
    """Change a firm's name, contact details or whether it is offered for new work orders."""
    values = _clean_firm(changes)
    if "name" in values and (Contractor.objects.annotate(n=Lower("name")).filter(n=values["name"].lower())
                             .exclude(pk=contractor.pk).exists()):
        raise DomainError(_("A contractor already has this name."), field="name")
    changed = sorted(k for k, v in values.items() if getattr(contractor, k) != v)
    if not changed:
        return contractor
    for key in changed:
        setattr(contractor, key, values[key])
    contractor.save(update_fields=changed)
    record(acting, "repairs.contractor_changed", target=contractor, data={"fields": changed})
    return contractor


def _clean_account(fields: dict) -> dict:
    fields = {k: (v or "").strip() for k, v in fields.items()}
    if fields.get("email"):
        if User.objects.annotate(e=Lower("email")).filter(e=fields["email"].lower()).exists():
            raise DomainError(_("Another account already uses this email address."), field="email")
    if fields.get("phone"):
        fields["phone"] = normalise_phone(fields["phone"])
        if User.objects.filter(phone=fields["phone"]).exists():
            raise DomainError(_("Another account already uses this phone number."), field="phone")
    return fields


@transaction.atomic
def create_contractor_account(*, acting: Acting, contractor: Contractor, username: str, password: str,
                              first_name: str = "", last_name: str = "", email: str = "", phone: str = "",
                              language: str = "fr") -> User:
    """A sign-in for one person of the firm, with a first password of at least 12 characters.
    The account sees the firm's work orders only, after setting up its second factor.
    Raises DomainError naming the field at fault."""
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Choose a username."), field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This username is taken. Choose another one."), field="username")
    fields = _clean_account({"first_name": first_name, "last_name": last_name, "email": email, "phone": phone})
    user = User(username=username, role=Role.CONTRACTOR, organisation=contractor.name, language=language, **fields)
    if len(password or "") < MIN_STAFF_PASSWORD:
        raise DomainError(_("The first password must have at least %(n)d characters.") % {"n": MIN_STAFF_PASSWORD},
                          field="password")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    contractor.users.add(user)
    record(acting, "repairs.contractor_account_created", target=user, data={"contractor": contractor.pk})
    return user


def accounts_of(contractor: Contractor):
    return contractor.users.filter(role=Role.CONTRACTOR).order_by("last_name", "first_name", "pk")


def get_account_of(contractor: Contractor, pk) -> User:
    """One of the firm's accounts; DomainError for anyone else's."""
    try:
        return accounts_of(contractor).get(Q(pk=pk))
    except (User.DoesNotExist, ValueError, TypeError):
        raise DomainError(_("This account is not one of the firm's.")) from None


@transaction.atomic
def deactivate_contractor_account(*, acting: Acting, contractor: Contractor, user: User) -> User:
    """The person can no longer sign in, and every session they have open is ended now."""
    user = get_account_of(contractor, user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions_of(user)
    record(acting, "repairs.contractor_account_deactivated", target=user,
           data={"contractor": contractor.pk, "sessions_ended": ended})
    return user


@transaction.atomic
def reactivate_contractor_account(*, acting: Acting, contractor: Contractor, user: User) -> User:
    user = get_account_of(contractor, user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(acting, "repairs.contractor_account_reactivated", target=user, data={"contractor": contractor.pk})
    return user
