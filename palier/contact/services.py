"""Announcements: published by agency staff, shown in the portal and the kiosk; urgent ones are
also sent to each targeted household through the channels its adults chose."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import looks_like_phone, normalise_phone
from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.services import queue_message
from palier.tenancies.models import Person, Tenancy
from palier.tenancies.queries import current_tenancy_of

from .models import LANGUAGES, Announcement, CallbackRequest, CallbackState, CallbackWhen, Target
from .queries import text_in

URGENT_SUBJECT = gettext_lazy("Urgent: %(title)s")
# Longer texts are cut for SMS (three concatenated messages); the full text is in the portal and kiosk.
SMS_MAX_CHARS = 459
# Staff call a tenant back within this many working days.
CALLBACK_WORKING_DAYS = 2


def _place_agency_id(target: str, agency, estate, building):
    if target == Target.AGENCY:
        return agency.pk if agency else None
    if target == Target.ESTATE:
        return estate.agency_id if estate else None
    if target == Target.BUILDING:
        return building.estate.agency_id if building else None
    return None


def check_may_target(user, target: str, *, agency=None, estate=None, building=None) -> None:
    """Agents and managers write for the places of their agencies; only a manager writes to all
    tenants. Raises DomainError otherwise."""
    if user is None or user.role not in (Role.AGENT, Role.MANAGER):
        raise DomainError(_("You may not publish announcements."))
    if target == Target.ALL:
        if user.role != Role.MANAGER:
            raise DomainError(_("Only a manager may write to all tenants."), field="target")
        return
    agency_id = _place_agency_id(target, agency, estate, building)
    if agency_id is None:
        raise DomainError(_("Choose the place this announcement is for."), field=str(target))
    if not user.agencies.filter(pk=agency_id).exists():
        raise DomainError(_("This place is not in your agency."), field=str(target))


def _adult_cutoff() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - settings.PALIER_MIN_ACCOUNT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - settings.PALIER_MIN_ACCOUNT_AGE, day=28)


def targeted_persons(announcement: Announcement):
    """The adults of the households with a current tenancy in the announcement's place."""
    tenancies = Tenancy.objects.current()
    if announcement.target == Target.AGENCY:
        tenancies = tenancies.filter(dwelling__building__estate__agency_id=announcement.agency_id)
    elif announcement.target == Target.ESTATE:
        tenancies = tenancies.filter(dwelling__building__estate_id=announcement.estate_id)
    elif announcement.target == Target.BUILDING:
        tenancies = tenancies.filter(dwelling__building_id=announcement.building_id)
    return (
        Person.objects.filter(household_id__in=tenancies.values("household_id"))
        .filter(Q(birth_date__isnull=True) | Q(birth_date__lte=_adult_cutoff()))
        .select_related("user")
        .order_by("pk")
    )


def urgent_channels(person: Person) -> list[tuple[str, str]]:
    """(outbox channel, address) pairs for an urgent message: email and SMS where the person
    chose them; otherwise their inbox and paper, as chosen."""
    chosen = person.channels
    fast = []
    if "email" in chosen:
        fast.append(("email", person.email))
    if "sms" in chosen:
        fast.append(("sms", normalise_phone(person.phone)))
    if fast:
        return fast
    slow = []
    if "portal" in chosen and person.user_id:
        slow.append(("portal", ""))
    if "post" in chosen or not slow:
        slow.append(("letter", ""))
    return slow


def _send_urgent(*, acting: Acting, announcement: Announcement) -> int:
    sent = 0
    for person in targeted_persons(announcement).iterator(chunk_size=2000):
        title, body = text_in(announcement, person.language)
        with translation.override(person.language):
            subject = str(URGENT_SUBJECT % {"title": title})
        for channel, to in urgent_channels(person):
            text = body
            if channel == "sms":
                text = f"{subject}\n{body}"
                text = text if len(text) <= SMS_MAX_CHARS else text[: SMS_MAX_CHARS - 1] + "…"
            queue_message(
                acting=acting, channel=channel, to=to, subject=subject, body=text, language=person.language,
                user=person.user, person=person, idempotency_key=f"announcement-{announcement.pk}-{person.pk}-{channel}",
            )
            sent += 1
    return sent


@transaction.atomic
def publish_announcement(
    *,
    acting: Acting,
    texts: dict[str, tuple[str, str]],
    target: str,
    agency=None,
    estate=None,
    building=None,
    urgent: bool = False,
    publish_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> Announcement:
    """Publish an announcement. `texts` maps a language ("fr", "nl", "en", "de") to (title, body);
    French is required, a language left out falls back to French. An urgent announcement is
    queued at once, in each person's language, to the adults of every targeted household (see
    `urgent_channels`), even when it is shown only from a later `publish_at`.

    Raises DomainError for a missing French text, a place outside the actor's agencies, or an
    expiry before publication."""
    if target not in Target.values:
        raise DomainError(_("Choose who this announcement is for."), field="target")
    fields = {}
    for language in LANGUAGES:
        title, body = (part.strip() for part in texts.get(language, ("", "")))
        if bool(title) != bool(body):
            raise DomainError(_("Write both a title and a text, or neither."), field=f"title_{language}")
        fields[f"title_{language}"], fields[f"body_{language}"] = title, body
    if not fields["title_fr"]:
        raise DomainError(_("Write the announcement in French, at least."), field="title_fr")
    check_may_target(acting.user, target, agency=agency, estate=estate, building=building)
    publish_at = publish_at or timezone.now()
    if expires_at is not None and expires_at <= publish_at:
        raise DomainError(_("The end date must come after the start date."), field="expires_at")
    announcement = Announcement.objects.create(
        **fields, target=target, urgent=urgent, publish_at=publish_at, expires_at=expires_at,
        agency=agency if target == Target.AGENCY else None,
        estate=estate if target == Target.ESTATE else None,
        building=building if target == Target.BUILDING else None,
        created_by=acting.user if acting.is_authenticated else None,
    )
    queued = _send_urgent(acting=acting, announcement=announcement) if urgent else 0
    record(acting, "contact.announcement_published", target=announcement,
           data={"target": target, "urgent": urgent, "messages": queued})
    return announcement


@transaction.atomic
def withdraw_announcement(*, acting: Acting, announcement: Announcement) -> None:
    """Stop showing an announcement. Messages already sent for an urgent one are not recalled."""
    if announcement.withdrawn_at is not None:
        return
    announcement.withdrawn_at = timezone.now()
    announcement.save(update_fields=["withdrawn_at"])
    record(acting, "contact.announcement_withdrawn", target=announcement)


@transaction.atomic
def request_callback(
    *, acting: Acting, person: Person, phone: str, when: str, note: str = "", channel: str = "portal"
) -> CallbackRequest:
    """A tenant asks the agency to call them back. Raises DomainError for a phone number that
    does not look like one, or when the person already has an open request (nothing changes)."""
    phone = (phone or "").strip()
    if not looks_like_phone(phone):
        raise DomainError(_("Write a phone number, for example 0470 12 34 56."), field="phone")
    if when not in CallbackWhen.values:
        raise DomainError(_("Choose when we can call you."), field="when")
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise DomainError(_("We cannot find your home. Please call your agency."))
    open_requests = CallbackRequest.objects.select_for_update().filter(person=person, state=CallbackState.OPEN)
    if open_requests.exists():
        raise DomainError(_("You already asked us to call you. We will call you soon."))
    try:
        with transaction.atomic():
            callback = CallbackRequest.objects.create(
                tenancy=tenancy, person=person, phone=normalise_phone(phone), when=when,
                note=(note or "").strip()[:300], channel=channel,
            )
    except IntegrityError:  # the same request sent twice at the same moment
        raise DomainError(_("You already asked us to call you. We will call you soon.")) from None
    record(acting, "contact.callback_requested", target=callback, data={"when": when, "channel": channel})
    return callback


@transaction.atomic
def close_callback(*, acting: Acting, callback: CallbackRequest) -> None:
    """Staff called the tenant back. Closing a request that is no longer open changes nothing."""
    callback = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if callback.state != CallbackState.OPEN:
        return
    callback.state = CallbackState.DONE
    callback.done_at = timezone.now()
    callback.done_by = acting.user if acting.is_authenticated else None
    callback.save(update_fields=["state", "done_at", "done_by"])
    record(acting, "contact.callback_done", target=callback)
