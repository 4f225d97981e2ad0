"""Kiosk use per place: how many sessions were opened and which pages were used, per kiosk and per
day. A kiosk is a place, not a person: no user, person or time of day is kept, only counters.

Counting is not audited (it is not an act of anybody, and an audit event per page would itself be
a trace of the person at the screen)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import KioskUse

SESSION = "session"


def count_kiosk_use(kiosk, service: str) -> None:
    """Add one to today's counter of `service` at `kiosk` (one UPDATE; an INSERT the first time)."""
    if kiosk is None or not service:
        return
    service = service[:40]
    day = timezone.localdate()
    updated = KioskUse.objects.filter(kiosk=kiosk, day=day, service=service).update(count=F("count") + 1)
    if updated:
        return
    try:
        with transaction.atomic():
            KioskUse.objects.create(kiosk=kiosk, day=day, service=service, count=1)
    except IntegrityError:  # another request created it at the same moment
        KioskUse.objects.filter(kiosk=kiosk, day=day, service=service).update(count=F("count") + 1)


def count_page(request, response) -> None:
    """Called by the kiosk's device middleware after each response: a page shown (GET, 200) on a
    registered kiosk counts once under its URL name."""
    kiosk = getattr(request, "kiosk", None)
    match = getattr(request, "resolver_match", None)
    if kiosk is None or match is None or request.method != "GET" or response.status_code != 200:
        return
    if match.namespace != "kiosk":
        return
    count_kiosk_use(kiosk, match.url_name or "")


def count_session(sender, request=None, user=None, **kwargs) -> None:
    """`user_logged_in` receiver: a tenant signing in at a kiosk opens one kiosk session."""
    if request is not None:
        count_kiosk_use(getattr(request, "kiosk", None), SESSION)
