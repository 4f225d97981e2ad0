"""Reads of the rent ledger. `get_tenancy_for_ledger(acting, pk)` and `ledger_for(acting, tenancy)`
authorise: the household's own tenants, the agents and managers of its agency and the accountants
see a ledger; anybody else gets a 404."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum, Window
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role
from palier.tenancies.models import Household, Tenancy
from palier.tenancies.queries import person_of, staff_households_q

from .models import CHARGE_KINDS, EntryKind, LedgerEntry

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


# A correction of one entry is keyed `correction:<entry pk>`: an entry is corrected once at most.
CORRECTION_KEY = "correction:"


def correction_key(entry: LedgerEntry) -> str:
    return f"{CORRECTION_KEY}{entry.pk}"


def corrected_entry_pk(key: str) -> int | None:
    """The entry a correction's idempotency key points at, or None for any other key."""
    if key.startswith(CORRECTION_KEY) and key[len(CORRECTION_KEY):].isdigit():
        return int(key[len(CORRECTION_KEY):])
    return None


def get_entry_for_correction(acting, tenancy: Tenancy, pk) -> LedgerEntry:
    """An entry of `tenancy`'s ledger, for staff who may see that ledger; 404 for an entry of
    another tenancy (or one the actor may not see)."""
    try:
        return ledger_for(acting, tenancy).get(pk=pk)
    except (LedgerEntry.DoesNotExist, ValueError):
        raise Http404 from None


def corrected_entry_pks(tenancy: Tenancy) -> set[int]:
    """The entries of `tenancy` already corrected (each is corrected once at most)."""
    keys = (LedgerEntry.objects.filter(tenancy=tenancy, kind=EntryKind.ADJUSTMENT,
                                       idempotency_key__startswith=CORRECTION_KEY)
            .values_list("idempotency_key", flat=True))
    return {pk for pk in map(corrected_entry_pk, keys) if pk is not None}


# --- what the balance is made of ------------------------------------------------------------

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# The rent page names at most this many unpaid parts (months, other amounts); older ones are
# added up as "earlier".
OWED_PARTS = 12
# The newest entries read with the balance, in one query: three a month (rent, service charges,
# a payment) make about three years of arrears before the rest is only added up.
BREAKDOWN_ROWS = 120


@dataclass(frozen=True)
class OwedPart:
    """One part of what is owed: the rent and service charges of one month (`period` set), or
    another amount added to the ledger (a refund paid out, a correction, a returned debit:
    `label`). `left` is what is still to pay of `charged`."""

    period: dt.date | None
    label: str
    booked_on: dt.date
    charged: Decimal
    left: Decimal

    @property
    def partly_paid(self) -> bool:
        return self.left < self.charged


@dataclass(frozen=True)
class BalanceBreakdown:
    """The balance (positive: owed; negative: credit), the number of entries, and what is still
    owed: `parts`, oldest first, plus `earlier`, what is owed from before the oldest part."""

    balance: Decimal
    count: int
    parts: tuple[OwedPart, ...] = ()
    earlier: Decimal = ZERO

    @property
    def owed(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(-self.balance, ZERO)


def balance_breakdown(tenancy: Tenancy, *, rows: int = BREAKDOWN_ROWS, max_parts: int = OWED_PARTS) -> BalanceBreakdown:
    """What the balance is made of, in one query (it replaces `balance_and_count` on a rent page).

    Payments and credits pay the oldest charges first (FIFO), so what is still owed is made of the
    newest charges: walking the ledger from the newest entry back, charges are taken until they add
    up to the balance; the oldest one taken is partly paid. Charges are the months' rent and
    service charges (one part a month) and the amounts staff added by hand (a correction: its
    reason is the label). Money given back (a refund, a direct debit returned, a card payment taken
    back: the entries with a channel) takes back a payment, so the months it had paid are owed
    again; it is named itself only when the charges do not explain the whole balance.

    A correction of one entry (`correction:<pk>`) counts with that entry: a cancelled payment was
    never paid, a lowered charge was charged less. Only the newest `rows` entries are read, with the
    balance and the count (window functions); whatever they do not explain is `earlier`, and so
    are the parts beyond the `max_parts` newest."""
    entries = list(
        LedgerEntry.objects.filter(tenancy=tenancy)
        .annotate(total=Window(Sum("amount")), n=Window(Count("id")))
        .order_by("-booked_on", "-id")
        .values_list("pk", "kind", "period", "booked_on", "amount", "label", "channel", "idempotency_key",
                     "total", "n")[:rows]
    )
    if not entries:
        return BalanceBreakdown(balance=ZERO, count=0)
    # SQLite adds decimals as floats: round back to the cent.
    balance = Decimal(str(entries[0][8])).quantize(CENT)
    count = entries[0][9]
    if balance <= 0:
        return BalanceBreakdown(balance=balance, count=count)
    complete = count <= len(entries)

    # A correction counts with the entry it corrects (a correction of a correction too).
    amounts = {entry[0]: Decimal(entry[4]) for entry in entries}
    into: dict[int, int] = {}
    for pk, *_fields, key, _total, _n in reversed(entries):  # oldest first
        target = corrected_entry_pk(key)
        if target is not None and target in amounts:
            target = into.get(target, target)
            amounts[target] += amounts[pk]
            amounts[pk] = ZERO
            into[pk] = target

    parts: dict[tuple, dict] = {}
    remaining = balance

    def take(pk, kind, period, booked_on, label):
        nonlocal remaining
        group = ("month", period) if kind in CHARGE_KINDS and period else ("entry", pk)
        part = parts.get(group)
        if part is None:
            if remaining <= 0:
                return
            part = parts[group] = {"period": group[1] if group[0] == "month" else None,
                                   "label": label or str(EntryKind(kind).label),
                                   "booked_on": booked_on, "charged": ZERO, "left": ZERO}
        part["charged"] += amounts[pk]
        part["booked_on"] = min(part["booked_on"], booked_on)
        taken = min(amounts[pk], remaining)
        part["left"] += taken
        remaining -= taken

    def gives_back(kind, channel) -> bool:
        return kind == EntryKind.REFUND or (kind == EntryKind.ADJUSTMENT and bool(channel))

    # Newest first: the charges the payments have not reached yet (a month's lines all count
    # towards what it charged, even once the balance is explained).
    for pk, kind, period, booked_on, _amount, label, channel, *_rest in entries:
        if amounts[pk] > 0 and not gives_back(kind, channel):
            take(pk, kind, period, booked_on, label)
    if complete and remaining > 0:
        # More was given back than the payments it took back: that money itself is owed.
        for pk, kind, period, booked_on, _amount, label, channel, *_rest in entries:
            if amounts[pk] > 0 and gives_back(kind, channel):
                take(pk, kind, period, booked_on, label)
    earlier = max(remaining, ZERO)
    ordered = sorted(reversed(parts.values()), key=lambda p: p["booked_on"])  # oldest first
    if not complete:
        # The oldest day read may have more entries beyond the rows read: its parts are incomplete.
        oldest_day = entries[-1][3]
        while ordered and ordered[0]["booked_on"] <= oldest_day:
            earlier += ordered.pop(0)["left"]
    while len(ordered) > max_parts:
        earlier += ordered.pop(0)["left"]
    return BalanceBreakdown(
        balance=balance, count=count, earlier=earlier.quantize(CENT),
        parts=tuple(OwedPart(period=p["period"], label=p["label"], booked_on=p["booked_on"],
                             charged=p["charged"].quantize(CENT), left=p["left"].quantize(CENT)) for p in ordered),
    )
