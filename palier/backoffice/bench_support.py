"""Measuring pages: SQL queries per request and server time, with Django's test client.

`manage.py bench` runs this on 100,000 dwellings; the tests run it on a few dozen. It measures, it
does not judge: the targets are printed beside the figures.
"""

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from palier.accounts import second_factor
from palier.accounts.models import Role, User
from palier.tenancies.models import HouseholdRole, Person, Tenancy

TARGET_QUERIES = 10
TARGET_P95_MS = 100


@dataclass
class Page:
    """A page to measure: `samples` are (user, url) pairs visited in turn, so that the figures
    are not those of one cached tenant."""

    name: str
    samples: list[tuple[User, str]] = field(default_factory=list)
    note: str = ""


@dataclass
class Result:
    name: str
    requests: int = 0
    queries_min: int = 0
    queries_max: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    statuses: dict = field(default_factory=dict)
    note: str = ""


def _spread(queryset, n: int) -> list:
    """Up to n rows taken evenly across the whole table, not only its first rows."""
    pks = list(queryset.values_list("pk", flat=True))
    pks = pks[:: max(1, len(pks) // n)][:n] if pks else []
    by_pk = queryset.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def tenant_home(sample: int = 40) -> Page:
    """The tenant's home page, for tenants who have an activated account and a tenancy."""
    page = Page("Tenant home (portal:home)")
    users = User.objects.filter(role=Role.TENANT, is_active=True, activated_at__isnull=False,
                                person__household__tenancies__isnull=False).distinct().order_by("pk")
    url = reverse("portal:home")
    page.samples = [(user, url) for user in _spread(users, sample)]
    return page


def _agents_by_agency() -> dict[int, User]:
    agents: dict[int, User] = {}
    for user in User.objects.filter(role=Role.AGENT, is_active=True).prefetch_related("agencies").order_by("pk"):
        for agency in user.agencies.all():
            agents.setdefault(agency.pk, user)
    return agents


def tenant_search(sample: int = 20) -> Page:
    """The back office's tenant search for a common last name, as an agent."""
    page = Page("Back-office tenant search (backoffice:tenant-search)")
    try:
        url = reverse("backoffice:tenant-search")
    except NoReverseMatch:
        page.note = "skipped: the URL name backoffice:tenant-search does not exist yet"
        return page
    names = list(Person.objects.filter(household_role=HouseholdRole.TENANT).values("last_name")
                 .annotate(n=Count("pk")).order_by("-n", "last_name").values_list("last_name", flat=True)[:sample])
    agents = list(_agents_by_agency().values())
    if not agents or not names:
        page.note = "skipped: no agent or no tenant in this database"
        return page
    page.samples = [(agents[i % len(agents)], f"{url}?{urlencode({'q': name})}") for i, name in enumerate(names)]
    return page


def tenant_file(sample: int = 40) -> Page:
    """The back office's tenant file (its URL takes the tenancy's id), as an agent of that agency."""
    page = Page("Back-office tenant file (backoffice:tenant-detail)")
    try:
        reverse("backoffice:tenant-detail", args=[1])
    except NoReverseMatch:
        page.note = "skipped: the URL name backoffice:tenant-detail does not exist yet"
        return page
    agents = _agents_by_agency()
    tenancies = Tenancy.objects.select_related("dwelling__building__estate").order_by("pk")
    for tenancy in _spread(tenancies, sample):
        agent = agents.get(tenancy.dwelling.building.estate.agency_id)
        if agent is not None:
            page.samples.append((agent, reverse("backoffice:tenant-detail", args=[tenancy.pk])))
    if not page.samples:
        page.note = "skipped: no tenancy with an agent in this database"
    return page


def tenant_rent(sample: int = 40) -> Page:
    """The tenant's rent page: balance, last charges, history and the transfer QR code."""
    page = tenant_home(sample)
    page.name = "Tenant rent (portal:rent)"
    url = reverse("portal:rent")
    page.samples = [(user, url) for user, _ in page.samples]
    return page


def default_pages(sample: int = 40) -> list[Page]:
    return [tenant_home(sample), tenant_rent(sample), tenant_search(max(1, sample // 2)), tenant_file(sample)]


def _as_after_sign_in(client: Client) -> None:
    """What signing in puts in the session (palier.accounts.services.sign_in), so that the first
    measured page does not pay for a session write a real visitor would not make."""
    session = client.session
    session["palier_started_at"] = session["palier_last_seen"] = time.time()
    session.save()


def _verify_second_factor(client: Client, user) -> None:
    """Staff pages are measured as staff see them: after the second factor was confirmed in the
    session (django-otp then loads the device on every request, which the figures include)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure(page: Page, *, requests: int = 200, warmup: int = 10,
            clock: Callable[[], float] = time.perf_counter) -> Result:
    """Visit the page's samples in turn: `warmup` visits first, not counted, then `requests`
    visits, each timed and its SQL queries counted. Call it with DEBUG off."""
    result = Result(page.name, note=page.note)
    if not page.samples:
        return result
    clients: dict[int, Client] = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
            _as_after_sign_in(clients[user.pk])
            if second_factor.required_for(user):
                _verify_second_factor(clients[user.pk], user)
        return clients[user.pk]

    for i in range(warmup):
        user, url = page.samples[i % len(page.samples)]
        client_for(user).get(url)
    times, queries, statuses = [], [], Counter()
    for i in range(requests):
        user, url = page.samples[(warmup + i) % len(page.samples)]
        client = client_for(user)
        with CaptureQueriesContext(connection) as captured:
            start = clock()
            response = client.get(url)
            times.append((clock() - start) * 1000)
        queries.append(len(captured.captured_queries))
        statuses[response.status_code] += 1
    times.sort()
    result.requests = requests
    result.queries_min, result.queries_max = min(queries), max(queries)
    result.median_ms = statistics.median(times)
    result.p95_ms = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    result.statuses = dict(sorted(statuses.items()))
    return result


def format_table(results: list[Result], *, engine: str, dwellings: int) -> str:
    head = ("Page", "Queries/request", "Median ms", "p95 ms", "Responses")
    rows = [head]
    for r in results:
        if not r.requests:
            rows.append((r.name, "-", "-", "-", r.note or "no sample"))
            continue
        statuses = ", ".join(f"{code}×{n}" for code, n in r.statuses.items())
        queries = str(r.queries_min) if r.queries_min == r.queries_max else f"{r.queries_min}–{r.queries_max}"
        rows.append((r.name, queries, f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}", statuses))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [f"Engine: {engine}   Data set: {dwellings:,} dwellings",
             f"Targets: ≤ {TARGET_QUERIES} queries per request, p95 ≤ {TARGET_P95_MS} ms on PostgreSQL", ""]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- figures that are not pages -------------------------------------------------------------------
# Each is a function returning one printed line; `manage.py bench` prints them after the pages.
EXTRA_FIGURES: list[Callable[[], str]] = []


# The bank statement import (100,000 camt.053 entries by default): palier/rent/bank/bench.py.
from palier.rent.bank.bench import bank_import_figure, bank_statement  # noqa: E402,F401

EXTRA_FIGURES.append(bank_import_figure)


def arrears_list(sample: int = 10) -> Page:
    """The back office's arrears list (most owed first, paginated), as an agent of each agency and
    as an accountant (every household)."""
    page = Page("Back-office arrears list (backoffice:arrears)")
    try:
        url = reverse("backoffice:arrears")
    except NoReverseMatch:
        page.note = "skipped: the URL name backoffice:arrears does not exist yet"
        return page
    staff = list(_agents_by_agency().values())[:sample]
    staff += list(User.objects.filter(role=Role.ACCOUNTANT, is_active=True).order_by("pk")[:2])
    page.samples = [(user, url) for user in staff] + [(user, f"{url}?band=4%2B") for user in staff]
    if not page.samples:
        page.note = "skipped: no agent or accountant in this database"
    return page


def arrears_figure(requests: int = 40) -> str:
    """The arrears list measured like the pages of the table (printed after it, on one line)."""
    from django.conf import settings
    from django.test.utils import override_settings

    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False):
        result = measure(arrears_list(), requests=requests, warmup=4)
    if not result.requests:
        return f"{result.name}: {result.note}"
    queries = str(result.queries_min) if result.queries_min == result.queries_max else \
        f"{result.queries_min}–{result.queries_max}"
    statuses = ", ".join(f"{code}×{n}" for code, n in result.statuses.items())
    return (f"{result.name}: {queries} queries per request, median {result.median_ms:.0f} ms, "
            f"p95 {result.p95_ms:.0f} ms ({statuses}; target ≤ {TARGET_QUERIES} queries, p95 ≤ {TARGET_P95_MS} ms)")


EXTRA_FIGURES.append(arrears_figure)


# --- notifications: an urgent announcement to every household, SMTP throughput, the paper batch
# (palier/notifications/bench.py).
from palier.notifications.bench import FIGURES as NOTIFICATION_FIGURES  # noqa: E402

EXTRA_FIGURES.extend(NOTIFICATION_FIGURES)

# Repairs: the queue and "my requests" on 500,000 requests (palier/repairs/bench.py).
from palier.repairs.bench import my_repairs_figure, repair_queue_figure  # noqa: E402

EXTRA_FIGURES.extend([repair_queue_figure, my_repairs_figure])

# Rent: the tenant's rent page with 10 years of ledger (palier/rent/bench.py).
from palier.rent.bench import rent_ten_year_ledger_figure  # noqa: E402

EXTRA_FIGURES.append(rent_ten_year_ledger_figure)

# Income documents: the rent revision asks every household at once (palier/income/bench.py).
from palier.income.bench import campaign_figure  # noqa: E402

EXTRA_FIGURES.append(campaign_figure)
