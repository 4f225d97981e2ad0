"""What tenancies holds about a person, for "My data", erasure and retention (privacy registry).

Identities stay as long as the lease file: while a tenancy of the household runs and 5 years after
it ends (the retention table's "lease file"). Then names, birth date, national number, phone and
email are redacted; the ledger's amounts (rent) stay, attached to the tenancy number."""

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import plain, register

from .models import Household, Person, Tenancy

REDACTED = "—"


def export_person(person: Person) -> dict:
    household = person.household
    tenancies = Tenancy.objects.filter(household=household).select_related("dwelling")
    return {
        "person": {
            "first_name": person.first_name, "last_name": person.last_name,
            "date_of_birth": plain(person.birth_date), "national_register_number": person.national_number,
            "phone": person.phone, "email": person.email, "language": person.language,
            "role_in_household": str(person.get_household_role_display()),
        },
        "contact_preferences": {
            "portal_inbox": person.by_portal, "email": person.by_email, "sms": person.by_sms, "post": person.by_post,
        },
        "account": {
            "username": person.user.username, "activated_at": plain(person.user.activated_at),
            "has_password": person.user.has_usable_password(), "has_kiosk_pin": bool(person.user.pin),
        } if person.user else None,
        "household": {
            "name": household.name,
            "members": [{"first_name": m.first_name, "last_name": m.last_name,
                         "role": str(m.get_household_role_display())} for m in household.persons.all()],
        },
        "tenancies": [
            {"number": t.number, "dwelling": t.dwelling.address,
             "start_date": plain(t.start_date), "end_date": plain(t.end_date), "monthly_rent": str(t.rent),
             "monthly_charges": str(t.charges), "structured_communication": t.payment_reference}
            for t in tenancies
        ],
    }


def _lease_file_kept_until(household_id, *, months, now):
    """None while a tenancy of the household runs; else the date the lease file may go."""
    from palier.privacy.services import cutoff

    tenancies = Tenancy.objects.filter(household_id=household_id)
    if not tenancies.exists() or tenancies.filter(end_date__isnull=True).exists():
        return None
    last_end = tenancies.aggregate(last=Max("end_date"))["last"]
    if last_end >= timezone.localdate():
        return None
    # The day the lease file expires: the last end plus the retention period.
    delta = now - cutoff(now, months)
    return last_end + delta


def _redact(persons) -> int:
    from palier.accounts.models import User

    persons = list(persons)
    for p in persons:
        if p.user_id:
            User.objects.filter(pk=p.user_id).update(
                username=f"erased-{p.user_id}", first_name="", last_name="", email="", phone="", pin="",
                is_active=False, password="!",  # nosec B106 - an unusable password, not a secret
            )
    Person.objects.filter(pk__in=[p.pk for p in persons]).update(
        first_name=REDACTED, last_name=REDACTED, birth_date=None, national_number="", phone="", email="",
        by_email=False, by_sms=False, user=None,
        # Needs for visits (health-related) go with the identity.
        access_needs=[], access_needs_note="", access_needs_shared=False, access_consent_at=None,
        access_consent_by="", access_consent_user=None, access_consent_channel="",
    )
    return len(persons)


def erase_person(person: Person, *, acting, now, rules, dry_run) -> list[dict]:
    until = _lease_file_kept_until(person.household_id, months=rules.get(Category.LEASE_FILE, 60), now=now)
    what = _("Your identity and contact details (lease file)")
    if until is None:
        return [{"what": what, "count": 1, "erased": False,
                 "reason": _("Kept while your tenancy runs, then 5 years: a landlord must be able to prove "
                             "the lease (Belgian rent claims).")}]
    if until > now.date():
        return [{"what": what, "count": 1, "erased": False,
                 "reason": _("Kept until %(date)s: 5 years after the end of the tenancy (Belgian rent claims).")
                 % {"date": until.isoformat()}}]
    if not dry_run:
        _redact([person])
    return [{"what": what, "count": 1, "erased": True, "reason": ""}]


def apply_retention(rules, *, acting, now) -> list[dict]:
    """Redact the identities of households whose last tenancy ended more than the lease-file
    period ago. Their tenancies and ledger stay (amounts), under the tenancy number."""
    from palier.privacy.services import cutoff

    limit = cutoff(now, rules.get(Category.LEASE_FILE, 60)).date()
    expired = (Household.objects.annotate(last_end=Max("tenancies__end_date"))
               .filter(last_end__lt=limit)
               .exclude(tenancies__end_date__isnull=True)
               .exclude(name=REDACTED))
    households = list(expired.values_list("pk", flat=True))
    persons = Person.objects.filter(household_id__in=households).exclude(Q(first_name=REDACTED) & Q(last_name=REDACTED))
    count = _redact(persons)
    Household.objects.filter(pk__in=households).update(name=REDACTED)
    return [{"category": Category.LEASE_FILE, "what": "identities of former tenants redacted", "count": count}]


def register_privacy() -> None:
    register("tenancies", title=gettext_lazy("You, your household and your tenancy"), export=export_person,
             erase=erase_person, retain=apply_retention, order=10)
    from . import access_needs

    register("access_needs", title=gettext_lazy("Your needs for visits"), export=access_needs.export_person,
             erase=access_needs.erase_person, order=11)

