"""Rent documents for the demo: the demo households get the rent notices of the last months and
the quittance of each month paid, so that "My documents" has something in it from the start.
(The other households' notices of this month come from the background task the charge run
queues.) Online payments use the sandbox provider, the default of PALIER_PAYMENT_PROVIDER."""

from palier.core.acting import Acting
from palier.tenancies.models import Tenancy

from .models import CHARGE_KINDS, LedgerEntry
from .notices import issue_receipt, issue_rent_notice, month_account

DEMO_USERNAMES = ("demo-tenant", "demo-cotenant", "demo-kiosk-tenant", "demo-new-tenant")


def seed_rent_documents(*, months: int = 2) -> int:
    """Notices of the last `months` charged months for the demo households, and their quittances.
    Returns the number of documents made. Safe to run again (documents are kept once)."""
    acting = Acting.system()
    tenancies = Tenancy.objects.filter(household__persons__user__username__in=DEMO_USERNAMES).distinct()
    made = 0
    for tenancy in tenancies.select_related("household"):
        periods = list(LedgerEntry.objects.filter(tenancy=tenancy, kind__in=CHARGE_KINDS)
                       .values_list("period", flat=True).distinct().order_by("-period")[:months])
        for period in periods:
            issue_rent_notice(acting=acting, tenancy=tenancy, period=period)
            made += 1
            if month_account(tenancy, period).fully_paid:
                issue_receipt(acting=acting, tenancy=tenancy, period=period)
                made += 1
    return made
