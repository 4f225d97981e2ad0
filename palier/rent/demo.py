"""Rent for the demo data: the last months charged, all but the current one paid by transfer,
so that each demo household has a history and owes this month's rent. Written in bulk, so that
a demo of 100,000 dwellings stays quick."""

import datetime as dt

from django.db.models import Sum
from django.utils import timezone

from palier.core.acting import Acting

from .models import CHARGE_KINDS, EntryKind, LedgerEntry, PaymentChannel
from .services import BATCH, charge_rent


def _months_back(month: dt.date, count: int) -> list[dt.date]:
    months = [month.replace(day=1)]
    for _ in range(count - 1):
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def seed_rent(*, months: int = 3, today: dt.date | None = None) -> int:
    """Charge the last `months` months (this one included) and pay all of them but this one.
    Returns the number of ledger lines written."""
    periods = _months_back(today or timezone.localdate(), months)
    lines = 0
    for period in periods:
        lines += charge_rent(acting=Acting.system(), period=period)
    for period in periods[:-1]:
        totals = (
            LedgerEntry.objects.filter(period=period, kind__in=CHARGE_KINDS)
            .values_list("tenancy_id").annotate(total=Sum("amount")).order_by()
        )
        paid_on = period.replace(day=3)
        payments = [
            LedgerEntry(tenancy_id=tenancy_id, kind=EntryKind.PAYMENT, booked_on=paid_on, amount=-total,
                        label="Transfer", channel=PaymentChannel.TRANSFER,
                        idempotency_key=f"demo-payment:{tenancy_id}:{period:%Y-%m}")
            for tenancy_id, total in totals
        ]
        LedgerEntry.objects.bulk_create(payments, batch_size=BATCH, ignore_conflicts=True)
        lines += len(payments)
    return lines
