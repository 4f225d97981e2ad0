"""The bench's "tenant rent page with 10 years of ledger" figure.

A sample of tenancies gets ten years of ledger (rent, service charges and a payment each month:
360 lines) the first time the figure runs; the lines carry `bench10y:` keys, so later runs add
nothing. Then the tenants' rent page (portal:rent) is measured like the pages of the table.
"""

import datetime as dt
from decimal import Decimal

YEARS = 10
SAMPLE = 20


def _months_back(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out


def seed_ten_years(tenancy_ids, *, today: dt.date | None = None) -> int:
    """Ten years of monthly rent, service charges and payments for each tenancy (once)."""
    from django.db import transaction
    from django.utils import timezone

    from palier.rent.models import EntryKind, LedgerEntry, PaymentChannel
    from palier.tenancies.models import Tenancy

    today = today or timezone.localdate()
    months = _months_back(today, YEARS * 12)
    done = set(LedgerEntry.objects.filter(idempotency_key__startswith="bench10y:", tenancy_id__in=tenancy_ids)
               .values_list("tenancy_id", flat=True).distinct())
    batch = []
    for tenancy in Tenancy.objects.filter(pk__in=[pk for pk in tenancy_ids if pk not in done]):
        rent, charges = tenancy.rent or Decimal("400.00"), tenancy.charges or Decimal("50.00")
        for month in months:
            key = f"bench10y:{tenancy.pk}:{month:%Y-%m}"
            batch += [
                LedgerEntry(tenancy=tenancy, kind=EntryKind.RENT, period=month, booked_on=month, amount=rent,
                            label=f"Loyer {month:%m/%Y}", idempotency_key=f"{key}:rent"),
                LedgerEntry(tenancy=tenancy, kind=EntryKind.SERVICE_CHARGE, period=month, booked_on=month,
                            amount=charges, label=f"Charges {month:%m/%Y}", idempotency_key=f"{key}:charges"),
                LedgerEntry(tenancy=tenancy, kind=EntryKind.PAYMENT, booked_on=month + dt.timedelta(days=4),
                            amount=-(rent + charges), label="Virement", channel=PaymentChannel.TRANSFER,
                            idempotency_key=f"{key}:payment"),
            ]
    with transaction.atomic():
        LedgerEntry.objects.bulk_create(batch, batch_size=5000, ignore_conflicts=True)
    return len(batch)


def ten_year_page(sample: int = SAMPLE):
    from palier.backoffice.bench_support import tenant_rent

    page = tenant_rent(sample)
    page.name = "Tenant rent with 10 years of ledger (portal:rent)"
    from palier.tenancies.queries import current_tenancy_of

    ids = []
    for user, _url in page.samples:
        tenancy = current_tenancy_of(user.person)
        if tenancy is not None:
            ids.append(tenancy.pk)
    seed_ten_years(ids)
    return page


def rent_ten_year_ledger_figure(requests: int = 200, sample: int = SAMPLE) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    from palier.backoffice.bench_support import TARGET_P95_MS, TARGET_QUERIES, measure
    from palier.rent.models import LedgerEntry

    page = ten_year_page(sample)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE rent_ledgerentry")
    lines = LedgerEntry.objects.filter(idempotency_key__startswith="bench10y:").count()
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False):
        # Each tenant's first visit (its session's first request) is warm-up, as for the other pages.
        result = measure(page, requests=requests, warmup=len(page.samples))
    if not result.requests:
        return f"{result.name}: {result.note or 'no sample'}"
    queries = str(result.queries_min) if result.queries_min == result.queries_max else \
        f"{result.queries_min}–{result.queries_max}"
    statuses = ", ".join(f"{code}×{n}" for code, n in result.statuses.items())
    return (f"{result.name}: {len(page.samples)} tenants, {lines:,} ten-year lines; {queries} queries per request, "
            f"median {result.median_ms:.0f} ms, p95 {result.p95_ms:.0f} ms ({statuses}; "
            f"target ≤ {TARGET_QUERIES} queries, p95 ≤ {TARGET_P95_MS} ms)")
