"""Reads of the rent ledger. `get_tenancy_for_ledger(acting, pk)` and `ledger_for(acting, tenancy)`
authorise: the household's own tenants, the agents and managers of its agency and the accountants
see a ledger; anybody else gets a 404."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role
from palier.tenancies.models import Household, Tenancy
from palier.tenancies.queries import person_of, staff_households_q

from .models import CHARGE_KINDS, LedgerEntry

# Rent is due on this day of each month.
DUE_DAY = 1
LEDGER_STAFF_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})


def _visible_tenancies(acting):
    user = acting.user
    if user is None or not user.is_authenticated:
        return Tenancy.objects.none()
    if user.role == Role.TENANT:
        me = person_of(user)
        return Tenancy.objects.filter(household_id=me.household_id) if me else Tenancy.objects.none()
    if user.role in LEDGER_STAFF_ROLES:
        return Tenancy.objects.filter(household__in=Household.objects.filter(staff_households_q(user)))
    return Tenancy.objects.none()


def may_see_ledger(acting, tenancy: Tenancy) -> bool:
    user = acting.user
    if user is not None and user.is_authenticated and user.role == Role.HELPER:
        # `for_person` is set only under a valid mandate covering rent (palier.mandates.acting).
        person = acting.for_person
        return person is not None and person.household_id == tenancy.household_id
    if user is not None and user.is_authenticated and user.role == Role.TENANT:
        me = person_of(user)
        return me is not None and me.household_id == tenancy.household_id
    return _visible_tenancies(acting).filter(pk=tenancy.pk).exists()


def get_tenancy_for_ledger(acting, pk) -> Tenancy:
    try:
        return _visible_tenancies(acting).select_related("household", "dwelling").get(pk=pk)
    except (Tenancy.DoesNotExist, ValueError):
        raise Http404 from None


def ledger_for(acting, tenancy: Tenancy):
    """The tenancy's entries, newest first."""
    if tenancy is None or not may_see_ledger(acting, tenancy):
        raise Http404
    return LedgerEntry.objects.filter(tenancy=tenancy).order_by("-booked_on", "-id")


def balance_of(tenancy: Tenancy) -> Decimal:
    """What the household owes (positive) or has in credit (negative)."""
    return LedgerEntry.objects.filter(tenancy=tenancy).balance()


def balance_and_count(tenancy: Tenancy) -> tuple[Decimal, int]:
    """The balance and the number of entries, in one query (for a paginated history)."""
    totals = LedgerEntry.objects.filter(tenancy=tenancy).aggregate(total=Sum("amount"), n=Count("id"))
    # SQLite adds decimals as floats: round back to the cent.
    return Decimal(totals["total"] or 0).quantize(Decimal("0.01")), totals["n"]


@dataclass(frozen=True)
class Balance:
    """A balance as people read it: what is owed, or what is in credit (both never negative)."""

    amount: Decimal

    @property
    def owed(self) -> Decimal:
        return max(self.amount, Decimal("0.00"))

    @property
    def credit(self) -> Decimal:
        return max(-self.amount, Decimal("0.00"))


def balance_summary(tenancy: Tenancy) -> Balance:
    return Balance(balance_of(tenancy))


def last_charges(tenancy: Tenancy) -> list[LedgerEntry]:
    """The charges of the latest charged month: what the balance is mostly made of."""
    latest = list(
        LedgerEntry.objects.filter(tenancy=tenancy, kind__in=CHARGE_KINDS).order_by("-period", "kind")[:len(CHARGE_KINDS)]
    )
    return [entry for entry in latest if entry.period == latest[0].period]


def next_due_date(tenancy: Tenancy, today: dt.date | None = None) -> dt.date | None:
    """The next day rent is due (the DUE_DAY of this month or the next); None once the tenancy ended."""
    today = today or timezone.localdate()
    due = today.replace(day=DUE_DAY)
    if due < today:
        due = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=DUE_DAY)
    if tenancy.end_date and due > tenancy.end_date:
        return None
    return due
