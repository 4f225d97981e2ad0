"""Changes to the rent ledger. Every change is a new entry (the ledger is append-only)."""

import calendar
import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.tenancies.models import Tenancy

from .models import CHARGE_KINDS, EntryKind, LedgerEntry, PaymentChannel, charge_key

CENT = Decimal("0.01")
BATCH = 5000
# Who may book a payment by hand: rent staff.
PAYMENT_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})


def month_bounds(period: dt.date) -> tuple[dt.date, dt.date]:
    first = period.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def prorated(monthly: Decimal, *, start: dt.date, end: dt.date | None, period: dt.date) -> Decimal:
    """The part of `monthly` due for the days of `period` the tenancy covers, rounded to the cent
    (half up). A full month is the full amount; a month not covered at all is zero."""
    first, last = month_bounds(period)
    begin = max(first, start)
    finish = min(last, end) if end else last
    if finish < begin:
        return Decimal("0.00")
    days = (finish - begin).days + 1
    if days == last.day:
        return Decimal(monthly).quantize(CENT)
    return (Decimal(monthly) * days / last.day).quantize(CENT, rounding=ROUND_HALF_UP)


def charge_rent(*, acting: Acting, period: dt.date) -> int:
    """Charge the rent and the service charges of `period` (any day of the month) to every
    tenancy running during that month, prorated at move-in and move-out. Each (tenancy, month,
    kind) is charged once, whatever happens: a second run adds nothing. Returns the number of
    lines added."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _charge_rent_in_sql(acting=acting, period=period)
    first, last = month_bounds(period)
    tenancies = (
        Tenancy.objects.filter(start_date__lte=last)
        .exclude(end_date__lt=first)
        .values_list("pk", "start_date", "end_date", "rent", "charges")
        .iterator(chunk_size=BATCH)
    )
    labels = {EntryKind.RENT: _("Rent %(month)s"), EntryKind.SERVICE_CHARGE: _("Service charges %(month)s")}
    month = f"{first:%m/%Y}"
    created_by = acting.user if acting.is_authenticated else None
    with transaction.atomic():
        existing = set(
            LedgerEntry.objects.filter(period=first, kind__in=CHARGE_KINDS).values_list("idempotency_key", flat=True)
        )
        before = len(existing)
        batch: list[LedgerEntry] = []
        for pk, start, end, rent, charges in tenancies:
            for kind, monthly in ((EntryKind.RENT, rent), (EntryKind.SERVICE_CHARGE, charges)):
                key = charge_key(kind, pk, first)
                if key in existing:
                    continue
                amount = prorated(monthly, start=start, end=end, period=first)
                if amount <= 0:
                    continue
                batch.append(LedgerEntry(
                    tenancy_id=pk, kind=kind, period=first, booked_on=first, amount=amount,
                    label=labels[kind] % {"month": month}, created_by=created_by, idempotency_key=key,
                ))
                if len(batch) >= BATCH:
                    LedgerEntry.objects.bulk_create(batch, ignore_conflicts=True)
                    batch = []
        if batch:
            LedgerEntry.objects.bulk_create(batch, ignore_conflicts=True)
        added = LedgerEntry.objects.filter(period=first, kind__in=CHARGE_KINDS).count() - before
        record(acting, "rent.charged", data={"period": f"{first:%Y-%m}", "lines": added})
        # The month's rent notices are rendered in the background once the charges are committed.
        from .notices import notices_after_charge_run

        transaction.on_commit(lambda: notices_after_charge_run(first), robust=True)
    return added


# PostgreSQL: the whole month in one INSERT … SELECT, the proration computed by the database (the
# same rule as `prorated`: a full month is the full amount, else days/month rounded half up to the
# cent; positive amounts round half away from zero, which is half up). A line already there (its
# idempotency key) is skipped by ON CONFLICT, so a second run adds nothing.
_CHARGE_SQL = """
INSERT INTO rent_ledgerentry (tenancy_id, kind, period, booked_on, amount, label, channel, created_at,
                              created_by_id, idempotency_key)
SELECT id, kind, %(first)s, %(first)s, amount, label, '', now(), %(user)s, kind || ':' || id || ':' || %(month)s
FROM (
    SELECT t.id, k.kind, k.label,
           CASE WHEN days = %(ndays)s THEN monthly ELSE round(monthly * days / %(ndays)s, 2) END AS amount
    FROM (
        SELECT id, rent, charges,
               (LEAST(%(last)s::date, COALESCE(end_date, %(last)s::date))
                - GREATEST(%(first)s::date, start_date) + 1) AS days
        FROM tenancies_tenancy
        WHERE start_date <= %(last)s AND (end_date IS NULL OR end_date >= %(first)s)
    ) t
    CROSS JOIN LATERAL (VALUES (%(rent_kind)s, %(rent_label)s, t.rent),
                               (%(charge_kind)s, %(charge_label)s, t.charges)) AS k(kind, label, monthly)
    WHERE t.days > 0
) lines
WHERE amount > 0
ON CONFLICT (idempotency_key) DO NOTHING
"""


def _charge_rent_in_sql(*, acting: Acting, period: dt.date) -> int:
    from django.db import connection

    first, last = month_bounds(period)
    month = f"{first:%m/%Y}"
    params = {
        "first": first, "last": last, "ndays": last.day, "month": f"{first:%Y-%m}",
        "user": acting.user.pk if acting.is_authenticated else None,
        "rent_kind": EntryKind.RENT.value, "rent_label": (_("Rent %(month)s") % {"month": month})[:200],
        "charge_kind": EntryKind.SERVICE_CHARGE.value,
        "charge_label": (_("Service charges %(month)s") % {"month": month})[:200],
    }
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_CHARGE_SQL, params)
            added = cursor.rowcount
        record(acting, "rent.charged", data={"period": f"{first:%Y-%m}", "lines": added})
        from .notices import notices_after_charge_run

        transaction.on_commit(lambda: notices_after_charge_run(first), robust=True)
    return added


def record_payment(
    *, acting: Acting, tenancy: Tenancy, amount: Decimal, paid_on: dt.date, channel: str, label: str = "",
    key: str | None = None, batch: list[LedgerEntry] | None = None,
) -> LedgerEntry:
    """Book a payment received for `tenancy` (at the counter, by phone, ...). `amount` is what was
    paid, more than zero; it is stored as a negative amount (it lowers what is owed).

    With `batch` (a bank statement import), the entry is checked the same way, then appended to
    `batch` unsaved and unaudited: the caller writes the batch in bulk, in its own transaction, and
    records one audit event for all of it."""
    user = acting.user if acting.is_authenticated else None
    if user is not None and user.role not in PAYMENT_ROLES:
        raise DomainError(_("You may not record payments."), code="forbidden")
    try:
        amount = Decimal(amount)
    except (TypeError, ArithmeticError, ValueError):
        raise DomainError(_("Enter the amount paid, for example 450.50."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("The amount can have at most two decimals."), field="amount")
    if channel not in PaymentChannel.values:
        raise DomainError(_("Choose how the payment was made."), field="channel")
    if paid_on > timezone.localdate() + dt.timedelta(days=1):
        raise DomainError(_("The payment date cannot be in the future."), field="paid_on")
    if batch is not None:
        entry = LedgerEntry(
            tenancy=tenancy, kind=EntryKind.PAYMENT, booked_on=paid_on, amount=-amount,
            label=(label or _("Payment")).strip()[:200], channel=channel, created_by=user,
            idempotency_key=key or f"payment:{uuid.uuid4().hex}",
        )
        batch.append(entry)
        return entry
    with transaction.atomic():
        entry = LedgerEntry.objects.create(
            tenancy=tenancy, kind=EntryKind.PAYMENT, booked_on=paid_on, amount=-amount,
            label=(label or _("Payment")).strip()[:200], channel=channel, created_by=user,
            idempotency_key=key or f"payment:{uuid.uuid4().hex}",
        )
        record(acting, "rent.payment_recorded", target=tenancy,
               data={"amount": str(amount), "paid_on": paid_on.isoformat(), "channel": channel, "entry": entry.pk})
    return entry
