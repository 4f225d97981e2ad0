"""Needs for visits: what a technician coming for a repair should know (a wheelchair, hearing,
sight, someone who must be present...). This is health-related data, so:

- nothing is kept without an explicit consent, recorded with when, through which channel and by
  whom (the person, a staff member on their behalf, or a helper whose mandate covers repairs);
- firms sent for repairs see the needs only when the person chose so, separately (default no);
- withdrawing the consent erases the needs, the note and the choice at once;
- the free-text note is encrypted at rest; staff and firms reading the needs are audited.

The repair journey's own "anything to know to get in?" notes are not covered here: the page says
plainly that whoever comes reads them, and points to this page for anything about health.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.models import Role
from palier.audit.registry import register
from palier.audit.services import record, record_sensitive_read
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError

from .models import AccessConsentBy, AccessNeed, Person

NOTE_MAX_LENGTH = 300
SENSITIVE_FIELD = "access_needs"

register("tenancies.access_consent_given", gettext_lazy("Consent given to keep the needs for visits"))
register("tenancies.access_needs_recorded", gettext_lazy("Needs for visits recorded"))
register("tenancies.access_sharing_changed", gettext_lazy("Sharing of the needs for visits with firms changed"))
register("tenancies.access_consent_withdrawn", gettext_lazy("Consent withdrawn: needs for visits erased"))

EMPTY = {"access_needs": [], "access_needs_note": "", "access_needs_shared": False, "access_consent_at": None,
         "access_consent_by": "", "access_consent_user": None, "access_consent_channel": ""}


@dataclass(frozen=True)
class AccessNeeds:
    """What is kept about one person, ready to show."""

    person: Person
    needs: list[str]
    labels: list[str]
    note: str
    shared: bool
    consent_at: datetime
    consent_by: str
    consent_by_label: str
    consent_channel_label: str
    recorded_by: object

    @property
    def is_empty(self) -> bool:
        return not self.needs and not self.note


def has_consent(person: Person) -> bool:
    return person.access_consent_at is not None


def needs_of(person: Person) -> AccessNeeds | None:
    """The person's needs for visits, or None when there is no consent (so nothing is kept)."""
    if not has_consent(person):
        return None
    codes = [c for c in person.access_needs if c in AccessNeed.values]
    channels = dict(Channel.choices)
    return AccessNeeds(
        person=person, needs=codes, labels=[str(AccessNeed(c).label) for c in codes],
        note=person.access_needs_note or "", shared=person.access_needs_shared, consent_at=person.access_consent_at,
        consent_by=person.access_consent_by,
        consent_by_label=str(AccessConsentBy(person.access_consent_by).label) if person.access_consent_by else "",
        consent_channel_label=str(channels.get(person.access_consent_channel, person.access_consent_channel)),
        recorded_by=person.access_consent_user,
    )


def _consent_source(acting: Acting, person: Person) -> str:
    user = acting.user
    if user is not None and user.role == Role.TENANT and user.pk == person.user_id:
        return AccessConsentBy.PERSON
    if user is not None and user.role == Role.HELPER:
        return AccessConsentBy.HELPER
    if user is not None and user.is_staff_member:
        return AccessConsentBy.STAFF
    # Another adult of the household may not consent for someone else's health data.
    raise DomainError(_("Only the person, a staff member or a helper with their mandate can do this."))


def _locked(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


def _update(person: Person, **fields) -> None:
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    person.refresh_from_db()


@transaction.atomic
def give_access_consent(*, acting: Acting, person: Person) -> Person:
    """Record the explicit consent to keep `person`'s needs for visits: when, by whom, through
    which channel. Nothing else is stored yet; giving it again changes nothing."""
    by = _consent_source(acting, person)
    current = _locked(person)
    if has_consent(current):
        person.refresh_from_db()
        return person
    _update(person, access_consent_at=timezone.now(), access_consent_by=by, access_consent_user=acting.user,
            access_consent_channel=acting.channel)
    record(acting, "tenancies.access_consent_given", target=person, subject_person_id=person.pk,
           data={"by": by, "channel": acting.channel})
    return person


def _require_consent(person: Person) -> None:
    if not has_consent(person):
        raise DomainError(_("First say that you agree that we keep your needs."), code="no_consent")


@transaction.atomic
def record_access_needs(*, acting: Acting, person: Person, needs: list[str], note: str = "") -> Person:
    """Keep the needs (codes of AccessNeed) and a short note. Raises DomainError without a
    consent, for an unknown need or a note over 300 characters. The audit says how many needs
    were kept, never which (they are health data)."""
    _consent_source(acting, person)
    _require_consent(_locked(person))
    unknown = [n for n in needs if n not in AccessNeed.values]
    if unknown:
        raise DomainError(_("Choose from the list."), field="needs")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(_("Write at most 300 characters."), field="note")
    kept = [n for n in AccessNeed.values if n in needs]
    _update(person, access_needs=kept, access_needs_note=note)
    record(acting, "tenancies.access_needs_recorded", target=person, subject_person_id=person.pk,
           data={"count": len(kept), "note": bool(note)})
    return person


@transaction.atomic
def choose_access_sharing(*, acting: Acting, person: Person, shared: bool) -> Person:
    """Whether firms sent for repairs may see the needs (their work-order page). Needs consent."""
    _consent_source(acting, person)
    _require_consent(_locked(person))
    _update(person, access_needs_shared=bool(shared))
    record(acting, "tenancies.access_sharing_changed", target=person, subject_person_id=person.pk,
           data={"shared": bool(shared)})
    return person


@transaction.atomic
def withdraw_access_consent(*, acting: Acting, person: Person) -> bool:
    """Take the consent back: the needs, the note, the sharing choice and the consent record are
    erased at once. Returns False (and writes nothing) when there was no consent."""
    _consent_source(acting, person)
    return _erase(acting=acting, person=person)


def _erase(*, acting: Acting, person: Person) -> bool:
    if not has_consent(_locked(person)):
        return False
    _update(person, **EMPTY)
    record(acting, "tenancies.access_consent_withdrawn", target=person, subject_person_id=person.pk)
    return True


# --- reads for staff and firms (each showing is audited) ----------------------------------------


def needs_for_staff(acting: Acting, person: Person) -> AccessNeeds | None:
    """The needs of a person of a tenant file the staff member already opened (the caller has
    checked the file is theirs). Each showing is written in the audit trail."""
    found = needs_of(person)
    if found is not None and not found.is_empty:
        record_sensitive_read(acting, person, SENSITIVE_FIELD, subject_person_id=person.pk)
    return found


def needs_for_firm(acting: Acting, order) -> list[AccessNeeds]:
    """The needs the firm of `order` may see: those of the household's persons who agreed to share
    them with firms. `order` was fetched for the firm (palier.repairs.queries.get_work_order_for).
    Each showing is written in the audit trail."""
    household_id = getattr(order.request, "household_id", None)
    if household_id is None:
        return []
    persons = Person.objects.filter(household_id=household_id, access_consent_at__isnull=False,
                                    access_needs_shared=True).order_by("pk")
    shown = []
    for person in persons:
        found = needs_of(person)
        if found is None or found.is_empty:
            continue
        record_sensitive_read(acting, person, SENSITIVE_FIELD, subject_person_id=person.pk)
        shown.append(found)
    return shown


# --- "My data" and erasure (privacy registry) ---------------------------------------------------


def export_person(person: Person) -> dict:
    found = needs_of(person)
    if found is None:
        return {"consent_given": False}
    return {
        "consent_given": True, "consent_given_at": found.consent_at.isoformat(),
        "consent_given_by": found.consent_by_label, "consent_channel": found.consent_channel_label,
        "needs_for_visits": found.labels, "note": found.note, "shared_with_firms": found.shared,
    }


def erase_person(person: Person, *, acting, now, rules, dry_run) -> list[dict]:
    """No law asks to keep them: erased on request, always."""
    kept = has_consent(person)
    if kept and not dry_run:
        with transaction.atomic():
            _erase(acting=acting, person=person)
    return [{"what": _("Your needs for visits"), "count": 1 if kept else 0, "erased": True, "reason": ""}]
