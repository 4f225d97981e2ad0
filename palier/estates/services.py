"""Changes to the landlord's configuration: its identity, its agencies and who works in them.

Each function owns its transaction and records one audit event. Landlord and Agency are edited
with an optimistic version check: the second of two people editing at once is told so.
"""

import io
import re
import secrets
from datetime import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.versioning import save_versioned

from .models import Agency, Landlord, OpeningHours

register("estates.landlord_updated", gettext_lazy("Landlord settings changed"))
register("estates.landlord_logo_changed", gettext_lazy("Landlord logo changed"))
register("estates.agency_updated", gettext_lazy("Agency details changed"))
register("estates.staff_agencies_set", gettext_lazy("Staff member's agencies changed"))

LANDLORD_FIELDS = [
    "name", "short_name", "iban", "bic", "creditor_id", "phone", "emergency_phone", "email", "website", "address",
]
AGENCY_FIELDS = ["name", "street", "postcode", "city", "phone", "email"]

# Length of an IBAN per country, for the countries Palier's landlords and tenants bank in.
_IBAN_LENGTHS = {
    "BE": 16, "FR": 27, "NL": 18, "LU": 20, "DE": 22, "ES": 24, "IT": 27, "PT": 25, "GB": 22, "IE": 22,
    "AT": 20, "CH": 21, "MC": 27, "PL": 28,
}


def compact_iban(value: str) -> str:
    return re.sub(r"[\s.-]", "", value or "").upper()


def iban_is_valid(value: str) -> bool:
    """ISO 13616 check: two letters, two check digits, then the account; moving the first four
    characters to the end and reading letters as numbers (A=10 … Z=35) must leave 1 modulo 97.
    The length is checked for the countries we know."""
    iban = compact_iban(value)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        return False
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def format_iban(value: str) -> str:
    iban = compact_iban(value)
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def _last4(iban: str) -> str:
    return compact_iban(iban)[-4:]


@transaction.atomic
def update_landlord(*, acting: Acting, landlord: Landlord, expected_version: int, changes: dict) -> Landlord:
    """Save the landlord's settings. Raises DomainError(field="iban") for an IBAN that fails the
    check, StaleEdit when someone else saved first. A change of IBAN is audited with the last four
    characters of the old and new accounts only."""
    changes = {k: v for k, v in changes.items() if k in LANDLORD_FIELDS}
    if "iban" in changes:
        changes["iban"] = compact_iban(changes["iban"])
        if changes["iban"] and not iban_is_valid(changes["iban"]):
            raise DomainError(_("This IBAN is not valid. Check the letters and digits."), field="iban")
    if "bic" in changes:
        changes["bic"] = (changes["bic"] or "").replace(" ", "").upper()
        if changes["bic"] and not re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", changes["bic"]):
            raise DomainError(_("This BIC is not valid. It has 8 or 11 letters and digits."), field="bic")
    old_iban = landlord.iban
    changed = sorted(k for k, v in changes.items() if getattr(landlord, k) != v)
    for key, value in changes.items():
        setattr(landlord, key, value)
    if landlord.pk is None:
        landlord.save()
    else:
        save_versioned(landlord, expected_version=expected_version, fields=list(changes))
    data: dict = {"fields": changed}
    if "iban" in changed:
        data["iban"] = {"old_last4": _last4(old_iban), "new_last4": _last4(landlord.iban)}
    record(acting, "estates.landlord_updated", target=landlord, data=data)
    Landlord.forget_current()
    transaction.on_commit(Landlord.forget_current)
    return landlord


def _check_opening_hours(opening_hours: list[tuple[int, time, time]]) -> None:
    for _weekday, opens, closes in opening_hours:
        if closes <= opens:
            raise DomainError(_("An agency must close after it opens."), field="opening_hours")


@transaction.atomic
def update_agency(*, acting: Acting, agency: Agency, expected_version: int, changes: dict,
                  opening_hours: list[tuple[int, time, time]] | None = None) -> Agency:
    """Save an agency's address and contact details and, when given, replace its opening hours
    (a list of (weekday, opens, closes)). Raises StaleEdit when someone else saved first."""
    changes = {k: v for k, v in changes.items() if k in AGENCY_FIELDS}
    changed = sorted(k for k, v in changes.items() if getattr(agency, k) != v)
    for key, value in changes.items():
        setattr(agency, key, value)
    save_versioned(agency, expected_version=expected_version, fields=list(changes))
    if opening_hours is not None:
        _check_opening_hours(opening_hours)
        before = sorted((h.weekday, h.opens, h.closes) for h in agency.opening_hours.all())
        after = sorted(opening_hours)
        if before != after:
            agency.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(agency=agency, weekday=day, opens=opens, closes=closes) for day, opens, closes in after
            )
            changed.append("opening_hours")
    record(acting, "estates.agency_updated", target=agency, data={"fields": changed})
    return agency


@transaction.atomic
def set_staff_agencies(*, acting: Acting, user, agencies) -> None:
    """Make `user` a member of exactly `agencies` (agents and managers see the households of
    these agencies)."""
    wanted = {a.pk for a in agencies}
    current = set(Agency.staff.through.objects.filter(user_id=user.pk).values_list("agency_id", flat=True))
    if wanted == current:
        return
    Agency.staff.through.objects.filter(user_id=user.pk).exclude(agency_id__in=wanted).delete()
    Agency.staff.through.objects.bulk_create(
        Agency.staff.through(user_id=user.pk, agency_id=pk) for pk in sorted(wanted - current)
    )
    record(acting, "estates.staff_agencies_set", target=user,
           data={"added": sorted(wanted - current), "removed": sorted(current - wanted)})


LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 1200


@transaction.atomic
def set_landlord_logo(*, acting: Acting, landlord: Landlord, upload) -> Landlord:
    """Keep an uploaded logo (PNG or JPEG, 1 MB at most). The image is re-encoded as PNG, which
    drops any metadata it carried, under a name chosen here. Raises DomainError(field="logo")."""
    if upload.size > LOGO_MAX_BYTES:
        raise DomainError(_("The logo is too large. Send a file of 1 MB at most."), field="logo")
    try:
        with Image.open(upload) as image:
            if image.format not in ("PNG", "JPEG"):
                raise DomainError(_("The logo must be a PNG or JPEG image."), field="logo")
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise DomainError(_("The logo must be a PNG or JPEG image."), field="logo") from None
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    old = landlord.logo.name if landlord.logo else ""
    landlord.logo.save(f"logo-{secrets.token_hex(8)}.png", ContentFile(out.getvalue()), save=False)
    Landlord.objects.filter(pk=landlord.pk).update(logo=landlord.logo.name)
    record(acting, "estates.landlord_logo_changed", target=landlord, data={"size": out.tell()})
    Landlord.forget_current()
    transaction.on_commit(Landlord.forget_current)
    if old:
        transaction.on_commit(lambda: landlord.logo.storage.delete(old))
    return landlord
