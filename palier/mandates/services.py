"""Every change to a mandate: granting it (portal, kiosk, SMS code, paper form), taking back one
scope or all of it, the journal of uses, and the reminders before it ends."""

import datetime as dt
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import looks_like_phone, normalise_phone
from palier.accounts.models import Role, User
from palier.accounts.services import LoginLocked, throttle_code_requests
from palier.audit.services import record
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.core.uploads import reencode_image, sniff
from palier.notifications.services import queue_message
from palier.tenancies.models import Person

from .models import Consent, Duration, Mandate, MandateScope, MandateState, MandateUse, ends_after
from .scopes import Scope

CODE_VALID_FOR = dt.timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5
REMIND_BEFORE = dt.timedelta(days=7)
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

GRANTED = gettext_lazy("%(helper)s may now act for %(tenant)s until %(until)s: %(scopes)s.")
SCOPE_REVOKED = gettext_lazy("%(tenant)s took back this part of the mandate given to %(helper)s: %(scope)s.")
REVOKED = gettext_lazy("The mandate of %(helper)s for %(tenant)s has stopped.")
ENDING = gettext_lazy("The mandate of %(helper)s for %(tenant)s ends on %(until)s. The tenant can give a new one.")
CODE_SMS = gettext_lazy("Palier: %(helper)s asks to help you (%(scopes)s). If you agree, give them this code: "
                        "%(code)s. Valid 15 minutes.")
SUBJECT = gettext_lazy("Your helper mandate")
REFUSED = gettext_lazy("%(tenant)s said no to the request of %(helper)s. Nothing has changed.")


# --- finding people --------------------------------------------------------------------------


def find_helper(identifier: str) -> User | None:
    """The active helper account named by an email address or a phone number, or None."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    helpers = User.objects.filter(role=Role.HELPER, is_active=True)
    if "@" in identifier:
        return helpers.filter(email__iexact=identifier).first()
    if looks_like_phone(identifier):
        return helpers.filter(phone=normalise_phone(identifier)).first()
    return None


# --- notifications ---------------------------------------------------------------------------


def _tenant_channels(person: Person) -> list[tuple[str, str]]:
    chosen = person.channels
    found = []
    if "portal" in chosen and person.user_id:
        found.append(("portal", ""))
    if "email" in chosen:
        found.append(("email", person.email))
    if "sms" in chosen:
        found.append(("sms", normalise_phone(person.phone)))
    return found or [("letter", "")]


def _helper_channels(helper: User) -> list[tuple[str, str]]:
    if helper.email:
        return [("email", helper.email)]
    if helper.phone:
        return [("sms", helper.phone)]
    return [("portal", "")]


def _scope_names(scopes) -> str:
    return ", ".join(str(Scope(s).label) for s in scopes)


def _notify(*, acting: Acting, mandate: Mandate, text, key: str, **params) -> None:
    """Tell the tenant (through the channels they chose) and the helper, each in their language."""
    tenant, helper = mandate.tenant, mandate.helper
    for who, language, channels in (
        ("tenant", tenant.language, _tenant_channels(tenant)),
        ("helper", helper.language, _helper_channels(helper)),
    ):
        with translation.override(language):
            values = {"helper": helper.get_full_name() or helper.username, "tenant": tenant.full_name,
                      "until": timezone.localtime(mandate.ends_at).strftime("%d/%m/%Y %H:%M"), **params}
            if "scopes" in values and not isinstance(values["scopes"], str):
                values["scopes"] = _scope_names(values["scopes"])
            if "scope" in values:
                values["scope"] = str(Scope(values["scope"]).label)
            body, subject = str(text % values), str(SUBJECT)
        for channel, to in channels:
            queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body, language=language,
                          user=tenant.user if who == "tenant" else helper, person=tenant if who == "tenant" else None,
                          idempotency_key=f"mandate-{mandate.pk}-{key}-{who}-{channel}")


# --- checks ----------------------------------------------------------------------------------


def _check_terms(*, tenant: Person, helper: User | None, scopes, duration: str) -> list[str]:
    if not tenant.is_adult_signatory:
        raise DomainError(_("Only a tenant named on the lease can give a mandate."))
    if helper is None or helper.role != Role.HELPER or not helper.is_active:
        raise DomainError(_("We found no helper with this email or phone number. Ask them to create "
                            "a helper account first, or ask your agency."), field="helper")
    scopes = sorted(set(scopes or []))
    if not scopes or any(s not in Scope.values for s in scopes):
        raise DomainError(_("Choose at least one thing your helper may do."), field="scopes")
    if duration not in Duration.values:
        raise DomainError(_("Choose how long the mandate lasts."), field="duration")
    now = timezone.now()
    existing = Mandate.objects.filter(tenant=tenant, helper=helper, ends_at__gt=now).filter(
        state__in=[MandateState.ACTIVE, MandateState.PENDING])
    for mandate in existing:
        if mandate.state == MandateState.ACTIVE or (mandate.code_expires_at and mandate.code_expires_at > now):
            raise DomainError(_("This helper already has a mandate from you. Stop it first to give a new one."),
                              field="helper")
    return scopes


def _create(*, acting: Acting, tenant, helper, scopes, duration, consent, state=MandateState.ACTIVE, **extra):
    now = timezone.now()
    mandate = Mandate.objects.create(
        tenant=tenant, helper=helper, organisation=helper.organisation, duration=duration, starts_at=now,
        ends_at=ends_after(now, duration), consent=consent, state=state,
        consented_at=now if state == MandateState.ACTIVE else None,
        created_by=acting.user if acting.is_authenticated else None, **extra,
    )
    MandateScope.objects.bulk_create(MandateScope(mandate=mandate, scope=s) for s in scopes)
    return mandate


# --- granting --------------------------------------------------------------------------------


@transaction.atomic
def grant_mandate(*, acting: Acting, tenant: Person, helper: User | None, scopes, duration: str,
                  consent: str = Consent.PORTAL) -> Mandate:
    """The tenant accepts, on the portal or at the kiosk: the mandate works at once.
    Raises DomainError for a person who is not on the lease, an unknown helper, no scope, a duration
    off the menu, or a helper who already has a mandate from this tenant."""
    if consent not in (Consent.PORTAL, Consent.KIOSK):
        raise DomainError(_("This way of consenting needs its own step."))
    if acting.user is None or acting.user.pk != tenant.user_id:
        # Only the tenant themselves accepts here; staff register a paper form or send a code.
        raise DomainError(_("Only the tenant can give a mandate for themselves."))
    scopes = _check_terms(tenant=tenant, helper=helper, scopes=scopes, duration=duration)
    mandate = _create(acting=acting, tenant=tenant, helper=helper, scopes=scopes, duration=duration, consent=consent)
    record(acting, "mandates.granted", target=mandate, subject_person_id=tenant.pk,
           data={"helper": helper.pk, "scopes": scopes, "duration": duration, "consent": consent})
    _notify(acting=acting, mandate=mandate, text=GRANTED, key="granted", scopes=scopes)
    return mandate


@transaction.atomic
def request_mandate_by_sms(*, acting: Acting, tenant: Person, helper: User | None, scopes,
                           duration: str) -> Mandate:
    """A helper (or staff) asks; the tenant gets a code by SMS and gives it to the helper, who types
    it in (`confirm_mandate_by_code`). Until then the mandate is pending and gives no access."""
    scopes = _check_terms(tenant=tenant, helper=helper, scopes=scopes, duration=duration)
    if not tenant.phone:
        raise DomainError(_("We have no phone number for this tenant. Use a paper form at the agency."))
    try:
        throttle_code_requests(acting=acting, key=f"mandate:{tenant.pk}")
    except LoginLocked as exc:
        raise DomainError(exc.message) from None
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    mandate = _create(acting=acting, tenant=tenant, helper=helper, scopes=scopes, duration=duration,
                      consent=Consent.SMS, state=MandateState.PENDING, code_hash=make_password(code),
                      code_expires_at=now + CODE_VALID_FOR)
    with translation.override(tenant.language):
        body = str(CODE_SMS % {"helper": helper.get_full_name() or helper.username, "scopes": _scope_names(scopes),
                               "code": code})
    queue_message(acting=acting, channel="sms", to=normalise_phone(tenant.phone), body=body,
                  language=tenant.language, user=tenant.user, person=tenant,
                  idempotency_key=f"mandate-{mandate.pk}-code")
    record(acting, "mandates.code_sent", target=mandate, subject_person_id=tenant.pk,
           data={"helper": helper.pk, "scopes": scopes, "duration": duration})
    return mandate


def confirm_mandate_by_code(*, acting: Acting, mandate: Mandate, code: str) -> Mandate:
    """The helper types the code the tenant received. The mandate then runs for its full duration
    from now. Five wrong codes, or 15 minutes, and the request must be made again. Raises
    DomainError(field="code"); a wrong code is counted even so."""
    with transaction.atomic():
        outcome = _confirm(acting=acting, mandate=mandate, code=code)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def _confirm(*, acting: Acting, mandate: Mandate, code: str):
    mandate = Mandate.objects.select_for_update().select_related("tenant", "helper").get(pk=mandate.pk)
    now = timezone.now()
    if mandate.state != MandateState.PENDING:
        return DomainError(_("This request is no longer waiting for a code."), field="code")
    if mandate.code_expires_at is None or mandate.code_expires_at <= now or mandate.code_attempts >= MAX_CODE_ATTEMPTS:
        return DomainError(_("This code is too old. Ask for a new one."), field="code")
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not check_password(code, mandate.code_hash):
        Mandate.objects.filter(pk=mandate.pk).update(code_attempts=mandate.code_attempts + 1)
        record(acting, "mandates.code_failed", target=mandate, subject_person_id=mandate.tenant_id)
        return DomainError(_("This code is not right. Check it and type it again."), field="code")
    mandate.state = MandateState.ACTIVE
    mandate.starts_at, mandate.ends_at = now, ends_after(now, mandate.duration)
    mandate.consented_at = now
    mandate.code_hash, mandate.code_expires_at = "", None
    mandate.save(update_fields=["state", "starts_at", "ends_at", "consented_at", "code_hash", "code_expires_at"])
    scopes = list(mandate.scopes.values_list("scope", flat=True))
    record(acting, "mandates.confirmed_by_code", target=mandate, subject_person_id=mandate.tenant_id,
           data={"scopes": scopes})
    _notify(acting=acting, mandate=mandate, text=GRANTED, key="granted", scopes=scopes)
    return mandate


@transaction.atomic
def answer_mandate_request(*, acting: Acting, mandate: Mandate, accept: bool) -> Mandate:
    """The tenant answers a request waiting for their SMS code directly, on the portal or at the
    kiosk, instead of giving the code to the helper. Accepting is consent given there (recorded
    as such) and runs the mandate for its full duration from now; refusing ends the request.
    Raises DomainError for anyone but the tenant, or a request no longer waiting."""
    mandate = Mandate.objects.select_for_update().select_related("tenant", "helper").get(pk=mandate.pk)
    if acting.user is None or acting.user.pk != mandate.tenant.user_id:
        raise DomainError(_("Only the tenant can give a mandate for themselves."))
    now = timezone.now()
    if (mandate.state != MandateState.PENDING or mandate.code_expires_at is None or mandate.code_expires_at <= now
            or mandate.code_attempts >= MAX_CODE_ATTEMPTS):
        raise DomainError(_("This request is no longer waiting for your answer."))
    scopes = list(mandate.scopes.values_list("scope", flat=True))
    mandate.code_hash, mandate.code_expires_at = "", None
    if accept:
        mandate.state = MandateState.ACTIVE
        mandate.consent = Consent.KIOSK if acting.channel == Channel.KIOSK else Consent.PORTAL
        mandate.starts_at, mandate.ends_at = now, ends_after(now, mandate.duration)
        mandate.consented_at = now
        mandate.save(update_fields=["state", "consent", "starts_at", "ends_at", "consented_at", "code_hash",
                                    "code_expires_at"])
        record(acting, "mandates.request_accepted", target=mandate, subject_person_id=mandate.tenant_id,
               data={"helper": mandate.helper_id, "scopes": scopes, "consent": mandate.consent})
        _notify(acting=acting, mandate=mandate, text=GRANTED, key="granted", scopes=scopes)
    else:
        mandate.state, mandate.revoked_at = MandateState.REVOKED, now
        mandate.save(update_fields=["state", "revoked_at", "code_hash", "code_expires_at"])
        mandate.scopes.filter(revoked_at__isnull=True).update(revoked_at=now)
        record(acting, "mandates.request_refused", target=mandate, subject_person_id=mandate.tenant_id,
               data={"helper": mandate.helper_id, "scopes": scopes})
        _notify(acting=acting, mandate=mandate, text=REFUSED, key="refused")
    return mandate


def _clean_scan(upload) -> tuple[bytes, str, str]:
    """(content, MIME type, extension) of a scanned form: PDF, JPEG or PNG, 10 MB at most, sniffed
    from its content; images re-encoded, which drops their metadata (GPS and the like)."""
    if upload is None:
        raise DomainError(_("Add the scan of the signed form."), field="scan")
    wrong = _("The scan must be a PDF, JPEG or PNG file.")

    def refuse(message):
        raise DomainError(message, field="scan")

    mime = sniff(upload, accepted=set(SCAN_TYPES), max_bytes=SCAN_MAX_BYTES, refuse=refuse, wrong_kind=wrong,
                 too_large=_("The file is too large. Send a file of 10 MB at most."))
    if mime == "application/pdf":
        return upload.read(), mime, "pdf"
    # A scan keeps its full size (the signature must stay readable) and its format.
    image_format = "JPEG" if mime == "image/jpeg" else "PNG"
    content, _width, _height = reencode_image(upload.read(), refuse=refuse, unreadable=wrong, longest_side=None,
                                              image_format=image_format)
    return content, mime, SCAN_TYPES[mime]


@transaction.atomic
def register_paper_mandate(*, acting: Acting, tenant: Person, helper: User | None, scopes, duration: str,
                           scan) -> Mandate:
    """Staff at the counter register the form the tenant signed; the scan is kept with it."""
    scopes = _check_terms(tenant=tenant, helper=helper, scopes=scopes, duration=duration)
    content, mime, ext = _clean_scan(scan)
    mandate = Mandate(tenant=tenant, helper=helper, scan_type=mime)
    mandate.scan.save(f"scan.{ext}", ContentFile(content), save=False)
    stored = mandate.scan.name
    try:
        mandate = _create(acting=acting, tenant=tenant, helper=helper, scopes=scopes, duration=duration,
                          consent=Consent.PAPER, scan=stored, scan_type=mime)
    except Exception:
        Mandate.scan.field.storage.delete(stored)
        raise
    record(acting, "mandates.paper_registered", target=mandate, subject_person_id=tenant.pk,
           data={"helper": helper.pk, "scopes": scopes, "duration": duration})
    _notify(acting=acting, mandate=mandate, text=GRANTED, key="granted", scopes=scopes)
    return mandate


# --- taking it back --------------------------------------------------------------------------


@transaction.atomic
def revoke_mandate_scope(*, acting: Acting, mandate: Mandate, scope: str) -> None:
    """Take one scope back; the helper loses it on their next request."""
    changed = mandate.scopes.filter(scope=scope, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not changed:
        return
    record(acting, "mandates.scope_revoked", target=mandate, subject_person_id=mandate.tenant_id,
           data={"scope": scope})
    _notify(acting=acting, mandate=mandate, text=SCOPE_REVOKED, key=f"revoked-{scope}", scope=scope)
    if not mandate.scopes.filter(revoked_at__isnull=True).exists():
        _stop(mandate)


def _stop(mandate: Mandate) -> None:
    now = timezone.now()
    Mandate.objects.filter(pk=mandate.pk).update(state=MandateState.REVOKED, revoked_at=now)
    mandate.state, mandate.revoked_at = MandateState.REVOKED, now


@transaction.atomic
def revoke_mandate(*, acting: Acting, mandate: Mandate) -> None:
    """Stop the whole mandate at once; the helper loses it on their next request."""
    if mandate.state == MandateState.REVOKED:
        return
    now = timezone.now()
    mandate.scopes.filter(revoked_at__isnull=True).update(revoked_at=now)
    _stop(mandate)
    record(acting, "mandates.revoked", target=mandate, subject_person_id=mandate.tenant_id)
    _notify(acting=acting, mandate=mandate, text=REVOKED, key="revoked")


# --- the journal and the reminders -----------------------------------------------------------


def record_use(*, actor, person_id: int, mandate_id: int | None, scope: str, page: str, action: str,
               channel: str) -> None:
    """One line of the tenant's journal: one INSERT, no audit event (the journal is the record)."""
    MandateUse.objects.create(actor=actor, person_id=person_id, mandate_id=mandate_id, scope=scope or "",
                              page=page[:100], action=action, channel=channel)


def send_expiry_reminders(*, acting: Acting, now: dt.datetime | None = None) -> int:
    """Tell tenant and helper once, a week before a mandate ends (mandates of one day excepted).
    Safe to run several times a day. Returns how many mandates were reminded."""
    now = now or timezone.now()
    due = (Mandate.objects.filter(state=MandateState.ACTIVE, reminded_at__isnull=True, ends_at__gt=now,
                                  ends_at__lte=now + REMIND_BEFORE)
           .exclude(duration=Duration.DAY).select_related("tenant__user", "helper"))
    count = 0
    for mandate in due.iterator(chunk_size=500):
        with transaction.atomic():
            if not Mandate.objects.filter(pk=mandate.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            _notify(acting=acting, mandate=mandate, text=ENDING, key="reminder")
            record(acting, "mandates.reminder_sent", target=mandate, subject_person_id=mandate.tenant_id)
            count += 1
    return count
