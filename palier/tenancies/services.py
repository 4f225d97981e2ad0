"""Tenant accounts: created for a Person when first needed, activated with a one-time code
printed on a letter or sent by SMS or email."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts import services as accounts
from palier.accounts.identifiers import normalise_phone
from palier.accounts.models import CodePurpose, Role, User
from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.versioning import save_versioned

from .models import HouseholdRole, Person

SIGNATORY_ROLES = (HouseholdRole.TENANT, HouseholdRole.COTENANT)

# Printed on every activation letter and in its QR code: this path must never change.
ACTIVATION_PATH = "/activate/"


class Method:
    LETTER = "letter"
    SMS = "sms"
    EMAIL = "email"
    ALL = (LETTER, SMS, EMAIL)


def activation_url(number: str = "", code: str = "") -> str:
    """The activation page, pre-filled with the tenancy number and the code when given."""
    from urllib.parse import urlencode

    url = settings.PALIER_BASE_URL.rstrip("/") + ACTIVATION_PATH
    query = {k: v for k, v in (("number", number), ("code", code)) if v}
    return f"{url}?{urlencode(query)}" if query else url


def _free_username(person: Person) -> str:
    base = f"t{person.pk}"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def ensure_account(*, acting: Acting, person: Person) -> User:
    """The tenant account of `person`, created if missing (no usable password until activation).

    The email and phone are copied only when no other account uses them already (co-tenants
    sometimes share one): they remain on the Person either way."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id:
        return person.user
    if not person.may_have_account:
        raise DomainError(_("Only adults of the household can have an account."))
    phone = normalise_phone(person.phone) if person.phone else ""
    email = person.email.strip()
    if email and User.objects.filter(email__iexact=email).exists():
        email = ""
    if phone and User.objects.filter(phone=phone).exists():
        phone = ""
    user = User.objects.create_user(
        _free_username(person), None, role=Role.TENANT, first_name=person.first_name, last_name=person.last_name,
        email=email, phone=phone, language=person.language,
    )
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    record(acting, "tenancies.tenant_account_created", target=user, subject_person_id=person.pk)
    return user


def _validity(method: str) -> timedelta:
    if method == Method.LETTER:
        return timedelta(days=settings.PALIER_ACTIVATION_CODE_DAYS)
    return accounts.SHORT_CODE_VALIDITY


@transaction.atomic
def issue_activation(*, acting: Acting, person: Person, method: str) -> accounts.IssuedCode:
    """A new activation code for `person` (their account is created if needed); earlier codes
    stop working. By "sms" or "email" the code is queued in the outbox, in the person's language,
    valid 15 minutes; by "letter" it is valid PALIER_ACTIVATION_CODE_DAYS days and the caller
    prints it (see palier.tenancies.letters.activation_letter_pdf).

    Raises DomainError when the person has no phone (for "sms") or no email (for "email").
    Returns the code: never show it on a screen for "sms" or "email"."""
    if method not in Method.ALL:
        raise ValueError(f"Unknown activation method {method!r}")
    if method == Method.SMS and not person.phone:
        raise DomainError(_("We have no phone number for this person."), field="method")
    if method == Method.EMAIL and not person.email:
        raise DomainError(_("We have no email address for this person."), field="method")
    user = ensure_account(acting=acting, person=person)
    issued = accounts.issue_code(acting=acting, user=user, purpose=CodePurpose.ACTIVATION, sent_by=method,
                                 valid_for=_validity(method))
    if method != Method.LETTER:
        with translation.override(person.language):
            subject = _("Your activation code")
            body = _("Your activation code is %(code)s. It works for 15 minutes. Type it on %(url)s. "
                     "Do not give it to anyone.") % {"code": issued.code, "url": activation_url()}
        accounts.send_message(
            acting=acting, channel=method, to=normalise_phone(person.phone) if method == Method.SMS else person.email,
            subject=subject, body=body, language=person.language, user=user, person=person,
        )
    return issued


# --- reads for the activation journey ----------------------------------------------------------


@dataclass(frozen=True)
class ActivationDestination:
    """Somewhere an activation code can be sent: `key` is opaque for forms, `label` is masked."""

    key: str
    method: str  # "sms" or "email"
    label: str
    person: Person


def activation_persons(tenancy) -> list[Person]:
    """The persons who may activate an account with this tenancy's number: its tenant and co-tenants."""
    return list(
        Person.objects.filter(household_id=tenancy.household_id, household_role__in=SIGNATORY_ROLES)
        .select_related("user").order_by("pk")
    )


def activation_users(tenancy) -> list[User]:
    return [p.user for p in activation_persons(tenancy) if p.user_id and p.user.is_active]


def activation_destinations(tenancy) -> list[ActivationDestination]:
    """The household's phones and email addresses, each once, masked: where a code can go."""
    found, seen = [], set()
    for person in activation_persons(tenancy):
        for method, to in ((Method.SMS, normalise_phone(person.phone) if person.phone else ""),
                           (Method.EMAIL, person.email.lower())):
            if to and (method, to) not in seen:
                seen.add((method, to))
                label = accounts.masked_phone(to) if method == Method.SMS else accounts.masked_email(to)
                found.append(ActivationDestination(key=f"{method}-{len(found)}", method=method, label=label,
                                                   person=person))
    return found


# --- contact preferences and language (the person's own choices) --------------------------------

register("tenancies.contact_preferences_changed", gettext_lazy("Contact preferences changed"))
register("tenancies.language_changed", gettext_lazy("Language changed"))


@transaction.atomic
def update_contact_preferences(*, acting: Acting, person: Person, by_portal: bool, by_email: bool, by_sms: bool,
                               by_post: bool, expected_version: int) -> Person:
    """How `person` wants to be kept informed. Email only with an email on file, SMS only with a
    phone on file; with nothing chosen, post. Raises DomainError (with the field) for a channel
    that cannot be used, StaleEdit when someone else changed the person since `expected_version`."""
    if by_email and not person.email:
        raise DomainError(_("We have no email address for you, so we cannot write to you by email. "
                            "Call your agency to give us one."), field="by_email")
    if by_sms and not person.phone:
        raise DomainError(_("We have no mobile phone number for you, so we cannot send you an SMS. "
                            "Call your agency to give us one."), field="by_sms")
    if not (by_portal or by_email or by_sms or by_post):
        by_post = True
    before = {"by_portal": person.by_portal, "by_email": person.by_email, "by_sms": person.by_sms,
              "by_post": person.by_post}
    person.by_portal, person.by_email, person.by_sms, person.by_post = by_portal, by_email, by_sms, by_post
    save_versioned(person, expected_version=expected_version, fields=["by_portal", "by_email", "by_sms", "by_post"])
    after = {"by_portal": by_portal, "by_email": by_email, "by_sms": by_sms, "by_post": by_post}
    record(acting, "tenancies.contact_preferences_changed", target=person, subject_person_id=person.pk,
           data={"before": before, "after": after})
    return person


@transaction.atomic
def change_language(*, acting: Acting, person: Person | None, language: str) -> None:
    """The language Palier speaks to `person`: pages, letters, messages. Changes the person and
    their account. A helper has no person: `person=None` changes the acting account only."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the languages in the list."), field="language")
    user = person.user if person is not None else acting.user
    if person is not None:
        Person.objects.filter(pk=person.pk).update(language=language, version=F("version") + 1)
        person.refresh_from_db(fields=["language", "version"])
    if user is not None and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    record(acting, "tenancies.language_changed", target=person if person is not None else user,
           subject_person_id=person.pk if person is not None else None, data={"language": language})


register("tenancies.contact_details_changed", gettext_lazy("Email or phone number changed"))


@transaction.atomic
def change_contact_details(*, acting: Acting, person: Person, expected_version: int, email: str | None = None,
                           phone: str | None = None) -> Person:
    """A new email address or phone number for `person` and their account (the view has had the
    person confirm who they are: accounts.reauth). An empty value removes it, and the channel
    that used it. Raises DomainError when another account already uses it, StaleEdit when the
    person changed since `expected_version`."""
    fields, before, after = [], {}, {}
    user = person.user
    old_email, old_phone = person.email, person.phone
    if email is not None:
        email = email.strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=getattr(user, "pk", None)).exists():
            raise DomainError(_("Another account already uses this email address."), field="email")
        before["email"], after["email"] = bool(person.email), bool(email)
        person.email = email
        fields.append("email")
        if not email:
            person.by_email = False
            fields.append("by_email")
    if phone is not None:
        phone = normalise_phone(phone) if phone.strip() else ""
        if phone and User.objects.filter(phone=phone).exclude(pk=getattr(user, "pk", None)).exists():
            raise DomainError(_("Another account already uses this phone number."), field="phone")
        before["phone"], after["phone"] = bool(person.phone), bool(phone)
        person.phone = phone
        fields.append("phone")
        if not phone:
            person.by_sms = False
            fields.append("by_sms")
    save_versioned(person, expected_version=expected_version, fields=fields)
    if user is not None:
        if email is not None:
            user.email = email
        if phone is not None:
            user.phone = phone
        user.save(update_fields=[f for f in ("email", "phone") if f in fields])
    # The audit says what changed, not the values (they are personal data).
    record(acting, "tenancies.contact_details_changed", target=person, subject_person_id=person.pk,
           data={"changed": sorted(after)})
    _warn_old_addresses(acting=acting, person=person, old_email=old_email, old_phone=old_phone)
    return person


def _warn_old_addresses(*, acting: Acting, person: Person, old_email: str, old_phone: str) -> None:
    """Tell the old email address or phone that it was replaced: if someone else did it, the
    person knows at once and can call the agency."""
    with translation.override(person.language):
        subject = _("Your contact details changed")
        body = _("Your email address or phone number in Palier was changed. If it was not you, call your "
                 "agency now.")
    if old_email and old_email != person.email:
        accounts.send_message(acting=acting, channel="email", to=old_email, subject=str(subject), body=str(body),
                              language=person.language, user=person.user, person=person)
    if old_phone and old_phone != person.phone:
        accounts.send_message(acting=acting, channel="sms", to=old_phone, subject="", body=str(body),
                              language=person.language, user=person.user, person=person)
