"""Changes to the rent ledger. Every change is a new entry (the ledger is append-only)."""

import calendar
import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.formats import format_money
from palier.tenancies.models import Tenancy

from .models import CHARGE_KINDS, EntryKind, LedgerEntry, PaymentChannel, charge_key
from .queries import correction_key

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


# --- corrections by staff -------------------------------------------------------------------

# Who may correct the ledger by hand: the accountants alone. Recording a payment received at the
# counter is desk work (agents, managers); cancelling one, or lowering a charge, changes what the
# landlord's books say is owed, like a refund (REFUND_ROLES) or a bank match (REVIEW_ROLES).
CORRECTION_ROLES = frozenset({Role.ACCOUNTANT})
def reversal_amount(entry: LedgerEntry) -> Decimal:
    """The correction that cancels `entry` completely: its amount the other way round."""
    return -entry.amount


def record_correction(
    *, acting: Acting, tenancy: Tenancy, amount: Decimal, reason: str, corrects: LedgerEntry | None = None,
) -> LedgerEntry:
    """An accountant corrects the ledger with a new ADJUSTMENT entry; the old entry is never
    changed. `amount` is signed like every ledger amount: more than zero adds to what the
    household owes (a payment booked by mistake is cancelled), less than zero lowers it (a wrong
    charge is cancelled). `reason` becomes the entry's label: the tenant reads it in the history.

    With `corrects`, the correction goes the other way from that entry and is at most its amount
    (cancelling it entirely is `reversal_amount(entry)`), so nobody is charged or credited twice;
    an entry is corrected once at most (`correction:<pk>`). Audited; raises DomainError."""
    user = acting.user if acting.is_authenticated else None
    if user is None or user.role not in CORRECTION_ROLES:
        raise DomainError(_("Only an accountant may correct the rent ledger."), code="forbidden")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError(_("Enter the amount in euros, for example -35.50."), field="amount")
    if amount == 0:
        raise DomainError(_("A correction cannot be zero."), field="amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("The amount can have at most two decimals."), field="amount")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the ledger is corrected. The tenant reads it."), field="reason")
    if len(reason) > 200:
        raise DomainError(_("Keep the reason under 200 characters."), field="reason")
    if corrects is not None:
        if corrects.tenancy_id != tenancy.pk:
            raise DomainError(_("This entry is in another tenancy's ledger."), field="corrects")
        if (amount > 0) == (corrects.amount > 0) or abs(amount) > abs(corrects.amount):
            full = reversal_amount(corrects)
            low, high = (full, -CENT) if full < 0 else (CENT, full)
            raise DomainError(_("A correction of this entry is between %(low)s and %(high)s.")
                              % {"low": format_money(low), "high": format_money(high)}, field="amount")
        if LedgerEntry.objects.filter(idempotency_key=correction_key(corrects)).exists():
            raise DomainError(_("This entry is already corrected."), field="corrects", code="duplicate")
    key = correction_key(corrects) if corrects is not None else f"adjustment:{uuid.uuid4().hex}"
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                tenancy=tenancy, kind=EntryKind.ADJUSTMENT, booked_on=timezone.localdate(), amount=amount,
                label=reason, created_by=user, idempotency_key=key,
            )
            record(acting, "rent.correction_recorded", target=tenancy, data={
                "amount": str(amount), "reason": reason, "entry": entry.pk,
                "corrects": corrects.pk if corrects is not None else None,
            })
    except IntegrityError:  # the same entry corrected at the same moment by someone else
        raise DomainError(_("This entry is already corrected."), field="corrects", code="duplicate") from None
    return entry
