"""Rate limits of online payments, like the other throttles of the project (palier.accounts:
rows of `LoginFailure` counted in a window, keyed on what is limited and on the address).

- Starting an online payment: at most MAX_STARTS_PER_TENANCY per tenancy and
  MAX_STARTS_PER_ADDRESS per address in WINDOW (a script cannot flood the provider with payments).
- Opening the kiosk's phone payment link (signed QR link): at most MAX_LINK_OPENS_PER_TENANCY per
  tenancy and MAX_LINK_OPENS_PER_ADDRESS per address in WINDOW.

A refusal is a DomainError with code "throttled" and a kind message; nothing is written then.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from palier.core.errors import DomainError

WINDOW = timedelta(minutes=30)
MAX_STARTS_PER_TENANCY = 10
MAX_STARTS_PER_ADDRESS = 20
MAX_LINK_OPENS_PER_TENANCY = 20
MAX_LINK_OPENS_PER_ADDRESS = 40


def _check_and_count(*, acting, tenancy, what: str, per_tenancy: int, per_address: int) -> None:
    from palier.accounts.models import LoginFailure

    since = timezone.now() - WINDOW
    ip = acting.ip or "unknown"
    tenancy_key, address_key = f"pay:{what}:tenancy:{tenancy.pk}", f"pay:{what}:address"
    too_many = (
        LoginFailure.objects.filter(account_key=tenancy_key, at__gte=since).count() >= per_tenancy
        or LoginFailure.objects.filter(account_key=address_key, ip=ip, at__gte=since).count() >= per_address
    )
    if too_many:
        raise DomainError(_("You tried to pay many times in a short time. Please wait 30 minutes and try "
                            "again. You can also pay by bank transfer."), code="throttled")
    LoginFailure.objects.bulk_create([LoginFailure(account_key=tenancy_key, ip=ip),
                                      LoginFailure(account_key=address_key, ip=ip)])


def throttle_payment_start(*, acting, tenancy) -> None:
    _check_and_count(acting=acting, tenancy=tenancy, what="start", per_tenancy=MAX_STARTS_PER_TENANCY,
                     per_address=MAX_STARTS_PER_ADDRESS)


def throttle_pay_link(*, acting, tenancy) -> None:
    _check_and_count(acting=acting, tenancy=tenancy, what="link", per_tenancy=MAX_LINK_OPENS_PER_TENANCY,
                     per_address=MAX_LINK_OPENS_PER_ADDRESS)
