"""Repairs in `manage.py bench`: the back-office queue and the tenant's "my requests" page, on a
data set of 500,000 repair requests added once to the bench database.

The requests are spread as a landlord of 100,000 dwellings would have them after about a year and
a half (3–4 requests per dwelling per year): most are closed, a few are cancelled or done and
waiting for the tenant's answer, and the recent ones are still open; one in eight is about the
common areas of a building. Priorities: 5 % emergency, 35 % urgent, 60 % routine."""

import datetime as dt
import random
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Priority, Problem, RepairRequest, RepairSettings, Status

BENCH_REQUESTS = 500_000
CHUNK = 10_000
QUEUE_TARGET_QUERIES, QUEUE_TARGET_P95_MS = 12, 150
MY_REQUESTS_TARGET_QUERIES, MY_REQUESTS_TARGET_P95_MS = 10, 100


def _deadline(priority: str, start: dt.datetime, settings: RepairSettings) -> dt.datetime:
    if priority == Priority.EMERGENCY:
        return start + dt.timedelta(hours=settings.emergency_hours)
    if priority == Priority.URGENT:
        return start + dt.timedelta(days=settings.urgent_days)
    return start + dt.timedelta(days=settings.routine_days)


def _status_for(age_days: float, rng: random.Random) -> str:
    draw = rng.random()
    if age_days > 60:
        # Old requests: closed, now and then cancelled; a few forgotten ones are still open.
        if draw < 0.92:
            return Status.CLOSED
        if draw < 0.97:
            return Status.CANCELLED
        if draw < 0.99:
            return Status.DONE
        return Status.PLANNED
    if age_days > 20:
        for status, share in ((Status.CLOSED, 0.55), (Status.DONE, 0.15), (Status.CANCELLED, 0.05),
                              (Status.PLANNED, 0.12), (Status.IN_PROGRESS, 0.05)):
            if draw < share:
                return status
            draw -= share
        return Status.RECEIVED
    for status, share in ((Status.RECEIVED, 0.35), (Status.PLANNED, 0.30), (Status.IN_PROGRESS, 0.10),
                          (Status.DONE, 0.10), (Status.CLOSED, 0.12)):
        if draw < share:
            return status
        draw -= share
    return Status.CANCELLED


@contextmanager
def _dates_as_given():
    """bulk_create would stamp every row with now; the data set needs its dates spread."""
    created = RepairRequest._meta.get_field("created_at")
    updated = RepairRequest._meta.get_field("updated_at")
    saved = created.auto_now_add, updated.auto_now
    created.auto_now_add = updated.auto_now = False
    try:
        yield
    finally:
        created.auto_now_add, updated.auto_now = saved


def ensure_bench_requests(target: int = BENCH_REQUESTS, *, seed: int = 7, out=None) -> int:
    """Add repair requests until the database holds about `target` of them (nothing when it
    already does). Returns how many were added. Bulk inserts in chunks; no timeline, no message."""
    from palier.tenancies.models import Tenancy

    have = RepairRequest.objects.count()
    if have >= target * 0.9:
        return 0
    homes = list(Tenancy.objects.current().values_list(
        "pk", "household_id", "dwelling__building_id", "dwelling__building__estate__agency_id"))
    if not homes:
        return 0
    problems = list(Problem.objects.filter(active=True).values_list("pk", "room", "priority"))
    common = [p for p in problems if p[1] == "common_areas"]
    private = [p for p in problems if p[1] != "common_areas"]
    settings = RepairSettings.current()
    rng = random.Random(seed)  # nosec B311: a reproducible data set, not a secret
    now = timezone.now()
    span = 548 * 86400  # about eighteen months
    to_add = target - have
    started = time.perf_counter()
    added = 0
    while added < to_add:
        rows = []
        for i in range(min(CHUNK, to_add - added)):
            n = have + added + i
            tenancy_id, household_id, building_id, agency_id = homes[rng.randrange(len(homes))]
            created = now - dt.timedelta(seconds=span * rng.random() ** 1.3)
            if rng.random() < 0.125 and common:
                problem_id, _room, _priority = common[rng.randrange(len(common))]
                tenancy_id = household_id = None
            else:
                problem_id, _room, _priority = private[rng.randrange(len(private))]
            draw = rng.random()
            priority = Priority.EMERGENCY if draw < 0.05 else Priority.URGENT if draw < 0.40 else Priority.ROUTINE
            status = _status_for((now - created).total_seconds() / 86400, rng)
            deadline = _deadline(priority, created, settings)
            finished = min(now, deadline - dt.timedelta(hours=rng.randrange(0, 48)))
            rows.append(RepairRequest(
                reference=f"B{created:%y}-{n:07d}", agency_id=agency_id, building_id=building_id,
                tenancy_id=tenancy_id, household_id=household_id, problem_id=problem_id, priority=priority,
                status=status, deadline=deadline, since="days", access_slots=["morning"], keep_informed=["portal"],
                created_at=created, updated_at=created, staff_touched_at=created + dt.timedelta(hours=3),
                done_at=finished if status in (Status.DONE, Status.CLOSED) else None,
                closed_at=finished if status == Status.CLOSED else None,
            ))
        with transaction.atomic(), _dates_as_given():
            RepairRequest.objects.bulk_create(rows, batch_size=2_000)
        added += len(rows)
        if out is not None:
            out.write(f"  {have + added:,} / {target:,} repair requests ({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE repairs_repairrequest")
    return added


def queue_page(sample: int = 20):
    """The back office's repair queue of an agency, as its agents see it: the first page (soonest
    deadline first), a later page, and filtered by priority and by status."""
    from palier.backoffice.bench_support import Page, _agents_by_agency

    page = Page("Back-office repair queue (backoffice:repair-queue)")
    try:
        url = reverse("backoffice:repair-queue")
    except NoReverseMatch:
        page.note = "skipped: the URL name backoffice:repair-queue does not exist yet"
        return page
    agents = list(_agents_by_agency().values())[:sample]
    for agent in agents:
        page.samples += [(agent, url), (agent, f"{url}?page=3"), (agent, f"{url}?priority=urgent"),
                         (agent, f"{url}?status=closed&page=2")]
    if not page.samples:
        page.note = "skipped: no agent in this database"
    return page


def my_requests_page(sample: int = 40):
    """The tenant's "my requests" page, for tenants whose household made requests."""
    from palier.accounts.models import Role, User
    from palier.backoffice.bench_support import Page, _spread

    page = Page("Tenant my requests (portal:repairs)")
    url = reverse("portal:repairs")
    households = RepairRequest.objects.filter(household__isnull=False).values("household_id")
    users = (User.objects.filter(role=Role.TENANT, is_active=True, activated_at__isnull=False,
                                 person__household_id__in=households[:20_000]).order_by("pk"))
    page.samples = [(user, url) for user in _spread(users, sample)]
    if not page.samples:
        page.note = "skipped: no tenant with a repair request in this database"
    return page


def _line(result, target_queries: int, target_ms: int, size: int) -> str:
    if not result.requests:
        return f"{result.name}: {result.note}"
    queries = str(result.queries_min) if result.queries_min == result.queries_max else \
        f"{result.queries_min}–{result.queries_max}"
    statuses = ", ".join(f"{code}×{n}" for code, n in result.statuses.items())
    return (f"{result.name}, {size:,} repair requests: {queries} queries per request, median "
            f"{result.median_ms:.0f} ms, p95 {result.p95_ms:.0f} ms ({statuses}; target ≤ {target_queries} queries, "
            f"p95 ≤ {target_ms} ms on PostgreSQL)")


def _measure(page, requests: int):
    from django.conf import settings
    from django.test.utils import override_settings

    from palier.backoffice.bench_support import measure

    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False):
        return measure(page, requests=requests, warmup=8)


def repair_queue_figure(requests: int = 200) -> str:
    """The repair queue, measured on the bench data set after adding the requests once."""
    ensure_bench_requests()
    return _line(_measure(queue_page(), requests), QUEUE_TARGET_QUERIES, QUEUE_TARGET_P95_MS,
                 RepairRequest.objects.count())


def my_repairs_figure(requests: int = 200) -> str:
    """The tenant's "my requests" page, measured on the bench data set."""
    ensure_bench_requests()
    return _line(_measure(my_requests_page(), requests), MY_REQUESTS_TARGET_QUERIES, MY_REQUESTS_TARGET_P95_MS,
                 RepairRequest.objects.count())
