"""Announcements: published by agency staff, shown in the portal and the kiosk, and sent, once
shown, to each targeted household through the channels its adults chose (urgent ones by email or
SMS at once where they can)."""

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
from palier.notifications.bulk import CHOSEN_RULES, URGENT_AND_PAPER_RULES, queue_to_persons
from palier.notifications.services import notify, queue_message
from palier.tenancies.models import Person, Tenancy
from palier.tenancies.queries import current_tenancy_of

from .models import (
    LANGUAGES,
    Announcement,
    AnnouncementRead,
    CallbackRequest,
    CallbackState,
    CallbackWhen,
    Kind,
    Target,
    Topic,
)
from .queries import text_in

URGENT_SUBJECT = gettext_lazy("Urgent: %(title)s")
# Longer texts are cut for SMS (three concatenated messages); the full text is in the portal and kiosk.
SMS_MAX_CHARS = 459
# Staff call a tenant back within this many working days.
CALLBACK_WORKING_DAYS = 2


def _place_agency_id(target: str, agency, estate, building, entrance=None):
    if target == Target.AGENCY:
        return agency.pk if agency else None
    if target == Target.ESTATE:
        return estate.agency_id if estate else None
    if target == Target.BUILDING:
        return building.estate.agency_id if building else None
    if target == Target.ENTRANCE:
        return entrance.building.estate.agency_id if entrance else None
    return None


def check_may_target(user, target: str, *, agency=None, estate=None, building=None, entrance=None) -> None:
    """Agents and managers write for the places of their agencies; only a manager writes to all
    tenants. Raises DomainError otherwise."""
    if user is None or user.role not in (Role.AGENT, Role.MANAGER):
        raise DomainError(_("You may not publish announcements."))
    if target == Target.ALL:
        if user.role != Role.MANAGER:
            raise DomainError(_("Only a manager may write to all tenants."), field="target")
        return
    agency_id = _place_agency_id(target, agency, estate, building, entrance)
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


def targeted_tenancies(announcement: Announcement):
    tenancies = Tenancy.objects.current()
    if announcement.target == Target.AGENCY:
        tenancies = tenancies.filter(dwelling__building__estate__agency_id=announcement.agency_id)
    elif announcement.target == Target.ESTATE:
        tenancies = tenancies.filter(dwelling__building__estate_id=announcement.estate_id)
    elif announcement.target == Target.BUILDING:
        tenancies = tenancies.filter(dwelling__building_id=announcement.building_id)
    elif announcement.target == Target.ENTRANCE:
        tenancies = tenancies.filter(dwelling__entrance_id=announcement.entrance_id)
    return tenancies


def targeted_persons(announcement: Announcement):
    """The adults of the households with a current tenancy in the announcement's place."""
    return (
        Person.objects.filter(household_id__in=targeted_tenancies(announcement).values("household_id"))
        .filter(Q(birth_date__isnull=True) | Q(birth_date__lte=_adult_cutoff()))
        .order_by("pk")
    )


def urgent_channels(person) -> list[tuple[str, str]]:
    """(outbox channel, address) pairs under the urgent rule (`palier.notifications.bulk.URGENT_RULES`):
    email and SMS where the person chose them; otherwise their inbox and paper, as chosen. An
    urgent announcement adds a letter for whoever chose paper (`URGENT_AND_PAPER_RULES`). `person`
    is a Person or a dict of its fields (the bulk path reads plain rows)."""
    get = person.get if isinstance(person, dict) else lambda name: getattr(person, name)
    fast = []
    if get("by_email") and get("email"):
        fast.append(("email", get("email")))
    if get("by_sms") and get("phone"):
        fast.append(("sms", normalise_phone(get("phone"))))
    if fast:
        return fast
    slow = []
    if get("by_portal") and get("user_id"):
        slow.append(("portal", ""))
    if get("by_post") or not slow:
        slow.append(("letter", ""))
    return slow


def _texts_by_language(announcement: Announcement) -> dict[str, dict[str, str]]:
    texts = {}
    for language in LANGUAGES:
        title, body = text_in(announcement, language)
        with translation.override(language):
            subject = str(URGENT_SUBJECT % {"title": title}) if announcement.urgent else title
        sms = f"{subject}\n{body}"
        sms = sms if len(sms) <= SMS_MAX_CHARS else sms[: SMS_MAX_CHARS - 1] + "…"
        texts[language] = {"subject": subject[:200], "body": body, "sms": sms}
    return texts


def _send_announcement(*, acting: Acting, announcement: Announcement) -> int:
    """Queue the announcement to every targeted adult, in their language, on their channels: for
    an urgent one, email and SMS at once where chosen, and a letter to whoever chose paper
    (`URGENT_AND_PAPER_RULES`); for the others, every channel the person chose (`CHOSEN_RULES`).
    Someone no channel reaches gets paper. A few INSERT … SELECT statements whatever the number
    of households, each text rendered once per language; a second run inserts nothing."""
    rules = URGENT_AND_PAPER_RULES if announcement.urgent else CHOSEN_RULES
    sent = queue_to_persons(acting=acting, persons=targeted_persons(announcement), rules=rules,
                            texts=_texts_by_language(announcement), topic=f"announcement:{announcement.pk}")
    Announcement.objects.filter(pk=announcement.pk).update(messages_queued_at=timezone.now())
    return sent


@transaction.atomic
def send_due_announcements(*, acting: Acting, now=None) -> int:
    """Queue the messages of announcements whose publication time has come (run every few
    minutes); one withdrawn or expired before then is not sent. Returns how many messages were
    queued."""
    now = now or timezone.now()
    due = Announcement.objects.select_for_update().filter(
        publish_at__lte=now, messages_queued_at__isnull=True, withdrawn_at__isnull=True,
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    queued = 0
    for announcement in due:
        queued += _send_announcement(acting=acting, announcement=announcement)
    return queued


@transaction.atomic
def publish_announcement(
    *,
    acting: Acting,
    texts: dict[str, tuple[str, str]],
    target: str,
    agency=None,
    estate=None,
    building=None,
    entrance=None,
    kind: str = Kind.NEWS,
    urgent: bool = False,
    publish_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> Announcement:
    """Publish an announcement. `texts` maps a language ("fr", "nl", "en", "de") to (title, body);
    French is required, a language left out falls back to French. Every announcement is queued,
    in each person's language, to the adults of every targeted household on the channels they
    chose, paper for whoever no other channel reaches (an urgent one goes by email or SMS at once
    where it can, see `_send_announcement`): at once when it is shown now, at its `publish_at`
    when it is scheduled (`send_due_announcements`). Queueing costs a constant number of queries,
    whatever the number of households.

    Raises DomainError for a missing French text, a place outside the actor's agencies, or an
    expiry before publication."""
    if target not in Target.values:
        raise DomainError(_("Choose who this announcement is for."), field="target")
    if kind not in Kind.values:
        raise DomainError(_("Choose what kind of announcement this is."), field="kind")
    fields = {}
    for language in LANGUAGES:
        title, body = (part.strip() for part in texts.get(language, ("", "")))
        if bool(title) != bool(body):
            raise DomainError(_("Write both a title and a text, or neither."), field=f"title_{language}")
        fields[f"title_{language}"], fields[f"body_{language}"] = title, body
    if not fields["title_fr"]:
        raise DomainError(_("Write the announcement in French, at least."), field="title_fr")
    if target == Target.ENTRANCE and entrance is not None:
        building = entrance.building
    check_may_target(acting.user, target, agency=agency, estate=estate, building=building,
                     entrance=entrance)
    now = timezone.now()
    publish_at = publish_at or now
    if expires_at is not None and expires_at <= publish_at:
        raise DomainError(_("The end date must come after the start date."), field="expires_at")
    announcement = Announcement.objects.create(
        **fields, target=target, urgent=urgent, kind=kind, publish_at=publish_at, expires_at=expires_at,
        agency=agency if target == Target.AGENCY else None,
        estate=estate if target == Target.ESTATE else None,
        building=building if target == Target.BUILDING else None,
        entrance=entrance if target == Target.ENTRANCE else None,
        created_by=acting.user if acting.is_authenticated else None,
    )
    queued = _send_announcement(acting=acting, announcement=announcement) if publish_at <= now else 0
    record(acting, "contact.announcement_published", target=announcement,
           data={"target": target, "urgent": urgent, "messages": queued, "scheduled": publish_at > now})
    return announcement


def mark_announcement_read(*, acting: Acting, announcement: Announcement, person: Person) -> None:
    """The person opened the announcement online; counted once per person. Its inbox message,
    if any, is read too."""
    AnnouncementRead.objects.get_or_create(announcement=announcement, person=person)
    from palier.notifications.services import mark_topic_read

    mark_topic_read(person=person, topic=f"announcement:{announcement.pk}")


def mark_announcements_shown(*, acting: Acting, person: Person, announcements) -> None:
    """The person was shown these announcements in full (portal or kiosk home): each counts as
    read, once per person. Only the person themselves: a helper or staff member acting for them
    reads it for them, which is not the tenant reading it. One INSERT … ON CONFLICT DO NOTHING,
    and no query at all when nothing is shown or it is not the person."""
    user = acting.user
    if not announcements or acting.for_person is not None or user is None or person.user_id != user.pk:
        return
    AnnouncementRead.objects.bulk_create(
        [AnnouncementRead(announcement=announcement, person=person) for announcement in announcements],
        ignore_conflicts=True)


@transaction.atomic
def withdraw_announcement(*, acting: Acting, announcement: Announcement) -> None:
    """Stop showing an announcement. Messages already queued are not recalled; a scheduled one is
    not sent."""
    if announcement.withdrawn_at is not None:
        return
    announcement.withdrawn_at = timezone.now()
    announcement.save(update_fields=["withdrawn_at"])
    record(acting, "contact.announcement_withdrawn", target=announcement)


MAX_CALLBACK_TRIES = 3
CALLBACK_DAYS_AHEAD = 10
NOT_REACHED_SUBJECT = gettext_lazy("We tried to call you")
NOT_REACHED_AGAIN = gettext_lazy("We tried to call you on %(phone)s but could not reach you. We will try again on "
                                 "%(day)s.")
NOT_REACHED_LAST = gettext_lazy("We tried to call you %(count)s times on %(phone)s but could not reach you. Please "
                                "call your agency on %(agency_phone)s.")


def checked_note(note: str, limit: int, *, field: str = "note") -> str:
    """A free-text note, stripped; DomainError when it is longer than `limit` (nothing is cut
    silently: the person shortens it)."""
    note = (note or "").strip()
    if len(note) > limit:
        raise DomainError(_("Keep it under %(max)s characters.") % {"max": limit}, field=field)
    return note


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def callback_days(today: dt.date | None = None) -> list[dt.date]:
    """The days a tenant may choose for a call-back: the next five working days."""
    day = today or timezone.localdate()
    days = []
    while len(days) < 5:
        day = next_working_day(day)
        days.append(day)
    return days


@transaction.atomic
def request_callback(
    *, acting: Acting, person: Person, phone: str, when: str, note: str = "", channel: str = "portal",
    topic: str = Topic.OTHER, day: dt.date | None = None,
) -> CallbackRequest:
    """A tenant asks the agency to call them back, on a working `day` (the next one when not
    given) and half-day (`when`), about a `topic`. The housing officer is told by email.

    Raises DomainError for a phone number that does not look like one, a day in the past, on a
    weekend or too far ahead, or when the person already has an open request (nothing changes)."""
    phone = (phone or "").strip()
    if not looks_like_phone(phone):
        raise DomainError(_("Write a phone number, for example 0470 12 34 56."), field="phone")
    if when not in CallbackWhen.values:
        raise DomainError(_("Choose when we can call you."), field="when")
    if topic not in Topic.values:
        raise DomainError(_("Choose what it is about."), field="topic")
    note = checked_note(note, 300)
    today = timezone.localdate()
    if day is None:
        day = next_working_day(today)
    if day < today:
        raise DomainError(_("This day is past. Choose a day from today."), field="day")
    if day.weekday() >= 5 or day > today + dt.timedelta(days=CALLBACK_DAYS_AHEAD + 4):
        raise DomainError(_("We call on working days in the next two weeks. Choose another day."), field="day")
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
                note=note, channel=channel, topic=topic, day=day,
            )
    except IntegrityError:  # the same request sent twice at the same moment
        raise DomainError(_("You already asked us to call you. We will call you soon.")) from None
    record(acting, "contact.callback_requested", target=callback, subject_person_id=person.pk,
           data={"when": when, "channel": channel, "topic": topic, "day": day.isoformat()})
    officer = tenancy.housing_officer
    if officer is not None and officer.email:
        with translation.override(officer.language or "fr"):
            subject = _("%(name)s asks to be called back") % {"name": person.full_name}
            body = _("%(name)s asks to be called back on %(phone)s, %(day)s (%(when)s), about: %(topic)s. %(note)s") % {
                "name": person.full_name, "phone": callback.phone, "day": day.strftime("%d/%m/%Y"),
                "when": callback.get_when_display(), "topic": callback.get_topic_display(), "note": callback.note}
        queue_message(acting=acting, channel="email", to=officer.email, subject=subject, body=body,
                      language=officer.language or "fr", user=officer, idempotency_key=f"callback-{callback.pk}-officer")
    return callback


@transaction.atomic
def close_callback(*, acting: Acting, callback: CallbackRequest, note: str = "") -> None:
    """Staff called the tenant back; `note` (what was said) goes into the contact history.
    Closing a request that is no longer open changes nothing."""
    callback = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if callback.state != CallbackState.OPEN:
        return
    callback.state = CallbackState.DONE
    callback.done_at = timezone.now()
    callback.done_by = acting.user if acting.is_authenticated else None
    callback.outcome = checked_note(note, 500)
    callback.attempts += 1
    callback.save(update_fields=["state", "done_at", "done_by", "outcome", "attempts"])
    record(acting, "contact.callback_done", target=callback, subject_person_id=callback.person_id,
           data={"note": callback.outcome, "phone": callback.phone})


@transaction.atomic
def callback_not_reached(*, acting: Acting, callback: CallbackRequest, note: str = "") -> CallbackRequest:
    """Staff called and nobody answered. The tenant is told on their channels: we try again the next
    working day, or, after MAX_CALLBACK_TRIES tries, we ask them to call us."""
    callback = CallbackRequest.objects.select_for_update().select_related("person", "tenancy").get(pk=callback.pk)
    if callback.state != CallbackState.OPEN:
        return callback
    callback.attempts += 1
    callback.outcome = checked_note(note, 500)
    last = callback.attempts >= MAX_CALLBACK_TRIES
    if last:
        callback.state = CallbackState.NOT_REACHED
        callback.done_at = timezone.now()
        callback.done_by = acting.user if acting.is_authenticated else None
    else:
        callback.day = next_working_day(max(callback.day or timezone.localdate(), timezone.localdate()))
    callback.save(update_fields=["attempts", "outcome", "state", "done_at", "done_by", "day"])
    record(acting, "contact.callback_not_reached", target=callback, subject_person_id=callback.person_id,
           data={"attempt": callback.attempts, "note": callback.outcome})
    person = callback.person
    agency = callback.tenancy.dwelling.building.estate.agency

    def render():
        from django.utils.formats import date_format

        if last:
            return NOT_REACHED_SUBJECT, NOT_REACHED_LAST % {"count": callback.attempts, "phone": callback.phone,
                                                             "agency_phone": agency.phone}
        return NOT_REACHED_SUBJECT, NOT_REACHED_AGAIN % {"phone": callback.phone,
                                                         "day": date_format(callback.day, "l j F")}

    notify(acting=acting, person=person, render=render, key=f"callback-{callback.pk}-try-{callback.attempts}",
           topic=f"callback:{callback.pk}")
    return callback


@transaction.atomic
def cancel_callback(*, acting: Acting, callback: CallbackRequest) -> None:
    """The tenant no longer needs the call."""
    if not CallbackRequest.objects.filter(pk=callback.pk, state=CallbackState.OPEN).update(
            state=CallbackState.CANCELLED, done_at=timezone.now()):
        return
    record(acting, "contact.callback_cancelled", target=callback, subject_person_id=callback.person_id)
