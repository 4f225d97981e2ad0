"""Kiosks: registered devices in common rooms.

A kiosk is a place, not a person. An administrator registers it, then issues a one-time
enrolment link (valid 24 hours). Opening that link on the device gives it a secret, kept in a
signed, long-lived cookie; only the secret's hash is stored. Revoking a kiosk stops its cookie
working on the next request.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.registry import register
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from .models import CommonArea, Estate, Kiosk

register("estates.kiosk_registered", gettext_lazy("Kiosk registered"))
register("estates.kiosk_enrolment_issued", gettext_lazy("Kiosk enrolment link issued"))
register("estates.kiosk_enrolled", gettext_lazy("Kiosk device enrolled"))
register("estates.kiosk_revoked", gettext_lazy("Kiosk revoked"))

ENROLMENT_VALID_FOR = timedelta(hours=24)
# last_seen_at is written at most this often, not on every request.
LAST_SEEN_EVERY = timedelta(minutes=1)
_SIGNING_SALT = "palier.kiosk.credential"


class KioskError(DomainError):
    pass


def _hash(value: str) -> str:
    # Tokens and secrets are 256-bit random values: a plain SHA-256 is enough (no guessing to slow down).
    return hashlib.sha256(value.encode()).hexdigest()


@transaction.atomic
def register_kiosk(*, acting: Acting, name: str, estate: Estate, common_area: CommonArea | None = None) -> Kiosk:
    """A new kiosk for `estate`, not yet tied to any device (see `issue_enrolment`)."""
    name = (name or "").strip()
    if not name:
        raise KioskError(_("Give the kiosk a name, for example the room where it stands."), field="name")
    if common_area is not None and common_area.estate_id != estate.pk:
        raise KioskError(_("This common room is not in the chosen estate."), field="common_area")
    kiosk = Kiosk.objects.create(name=name, estate=estate, common_area=common_area)
    record(acting, "estates.kiosk_registered", target=kiosk, data={"estate": estate.pk})
    return kiosk


@transaction.atomic
def issue_enrolment(*, acting: Acting, kiosk: Kiosk) -> str:
    """A one-time enrolment token, valid 24 hours. Any earlier token stops working. The token is
    returned once and never stored; open `/kiosk/enrol/<token>/` on the device to enrol it."""
    if kiosk.revoked_at is not None:
        raise KioskError(_("This kiosk was revoked. Register a new kiosk instead."))
    token = secrets.token_urlsafe(32)
    kiosk.enrolment_hash = _hash(token)
    kiosk.enrolment_expires_at = timezone.now() + ENROLMENT_VALID_FOR
    kiosk.save(update_fields=["enrolment_hash", "enrolment_expires_at", "updated_at"])
    record(acting, "estates.kiosk_enrolment_issued", target=kiosk,
           data={"expires_at": kiosk.enrolment_expires_at.isoformat()})
    return token


def kiosk_for_enrolment(token: str) -> Kiosk | None:
    """The kiosk a live enrolment token names (to show its name before enrolling), or None."""
    if not token or len(token) > 200:
        return None
    return Kiosk.objects.filter(
        enrolment_hash=_hash(token), revoked_at__isnull=True, enrolment_expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def enrol_device(*, acting: Acting, token: str) -> tuple[Kiosk, str]:
    """Turn the device that opened the enrolment link into the kiosk. Returns the kiosk and its
    new raw secret (to put in the device's cookie with `credential_for`). The token works once;
    a device enrolled before with the same kiosk stops working.

    Raises KioskError when the token is unknown, used, expired or the kiosk revoked.
    """
    invalid = KioskError(_("This enrolment link does not work. It may be too old or already used. "
                           "Ask the administrator for a new link."), code="invalid")
    if not token or len(token) > 200:
        raise invalid
    kiosk = Kiosk.objects.select_for_update().filter(enrolment_hash=_hash(token)).first()
    now = timezone.now()
    if kiosk is None or kiosk.revoked_at is not None or not kiosk.enrolment_expires_at or kiosk.enrolment_expires_at <= now:
        raise invalid
    secret = secrets.token_urlsafe(32)
    kiosk.secret_hash = _hash(secret)
    kiosk.enrolment_hash = ""
    kiosk.enrolment_expires_at = None
    kiosk.enrolled_at = now
    kiosk.last_seen_at = now
    kiosk.save(update_fields=["secret_hash", "enrolment_hash", "enrolment_expires_at", "enrolled_at",
                              "last_seen_at", "updated_at"])
    record(acting, "estates.kiosk_enrolled", target=kiosk)
    return kiosk, secret


@transaction.atomic
def revoke_kiosk(*, acting: Acting, kiosk: Kiosk) -> None:
    """The kiosk stops working on its next request; its enrolment link, if any, too."""
    if kiosk.revoked_at is not None:
        return
    kiosk.revoked_at = timezone.now()
    kiosk.secret_hash = ""  # nosec B105  # clearing the hash, not a password
    kiosk.enrolment_hash = ""
    kiosk.enrolment_expires_at = None
    kiosk.save(update_fields=["revoked_at", "secret_hash", "enrolment_hash", "enrolment_expires_at", "updated_at"])
    record(acting, "estates.kiosk_revoked", target=kiosk)


def credential_for(kiosk: Kiosk, secret: str) -> str:
    """The signed cookie value "kioskid:secret" for an enrolled device."""
    return signing.Signer(salt=_SIGNING_SALT).sign(f"{kiosk.pk}:{secret}")


def kiosk_from_credential(value: str | None) -> Kiosk | None:
    """The active kiosk a signed cookie value names, or None (bad signature, unknown kiosk, wrong
    secret, revoked). Notes when the kiosk was last seen, at most once a minute."""
    if not value or len(value) > 500:
        return None
    try:
        raw = signing.Signer(salt=_SIGNING_SALT).unsign(value)
    except signing.BadSignature:
        return None
    kiosk_id, _sep, secret = raw.partition(":")
    if not kiosk_id.isdigit() or not secret:
        return None
    kiosk = (
        Kiosk.objects.select_related("estate__agency", "common_area")
        .filter(pk=int(kiosk_id), revoked_at__isnull=True, enrolled_at__isnull=False)
        .first()
    )
    if kiosk is None or not kiosk.secret_hash or not hmac.compare_digest(kiosk.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if kiosk.last_seen_at is None or now - kiosk.last_seen_at >= LAST_SEEN_EVERY:
        Kiosk.objects.filter(pk=kiosk.pk).update(last_seen_at=now)
        kiosk.last_seen_at = now
    return kiosk
