"""The bank import figure of `manage.py bench`: import and match a camt.053 statement of 100,000
entries (PALIER_BENCH_BANK_LINES to change the size) against the bench data set, then roll
everything back, so that the figure can be measured again on the same database.

What is timed is what the accountant waits for: reading the file, checking and storing it,
deciding every line and booking the payments, until the tenants' balances show them. The file
is written beforehand (not timed), from the data set's own tenancies."""

import os
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palier.tenancies.models import Tenancy

DEFAULT_LINES = 100_000
TARGET_SECONDS = 30


class _RolledBack(Exception):
    pass


def _server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when the server runs on
    this machine (read from /proc); None elsewhere. On a busy machine the elapsed time says
    little, the CPU time says what the import costs."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_lines() -> int:
    try:
        return max(1, int(os.environ.get("PALIER_BENCH_BANK_LINES", DEFAULT_LINES)))
    except ValueError:
        return DEFAULT_LINES


def bank_statement(lines: int = DEFAULT_LINES, *, seed: int = 7, day=None) -> bytes:
    """A camt.053 statement of `lines` transfers as an accountant receives it on the 3rd of a month:
    most with a tenancy's structured communication, some from known payers without one, a few
    from strangers, and a few outgoing payments."""
    from .samples import Movement, camt053_file, camt053_statement

    rng = random.Random(seed)  # nosec B311 - test data, not a secret
    day = day or timezone.localdate()
    tenancies = list(Tenancy.objects.order_by("?").values_list("payment_reference", "rent", "charges")[:lines])
    if not tenancies:
        return b""
    movements = []
    for i in range(lines):
        reference, rent, charges = tenancies[i % len(tenancies)]
        draw = rng.random()
        iban = f"BE{i:014d}"
        bank_reference = f"B{day:%y%m%d}{i:08d}"
        if draw < 0.85:
            movements.append(Movement(rent + charges, day, name=f"PAYER {i}", iban=iban,
                                      ogm="".join(ch for ch in reference if ch.isdigit()), reference=bank_reference))
        elif draw < 0.95:
            movements.append(Movement(rent + charges, day, name=f"PAYER {i}", iban=iban, text="loyer",
                                      reference=bank_reference))
        elif draw < 0.98:
            movements.append(Movement(Decimal("25.00"), day, name="ASBL", iban=iban, text="salle",
                                      reference=bank_reference))
        else:
            movements.append(Movement(Decimal("-310.00"), day, name="FOURNISSEUR", iban=iban, text="facture",
                                      reference=bank_reference))
    # An account of its own, so that the demo's statements do not break its chain of balances.
    return camt053_file([camt053_statement(number=9999, opening=Decimal("1000000.00"), opening_date=day,
                                           closing_date=day, movements=movements, account="BE32001999999902")])


def bank_import_figure(lines: int | None = None) -> str:
    """Time the import and matching of a camt.053 statement of `lines` entries, count its SQL
    queries, then roll it back (the bench database must stay as it was)."""
    from palier.core.acting import Acting

    from .imports import counts_of, import_statement_file

    lines = lines or bench_lines()
    content = bank_statement(lines)
    if not content:
        return "Bank statement import: skipped (no tenancy in this database)"
    dwellings = Tenancy.objects.count()
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            server = _server_cpu()
            started, cpu = time.perf_counter(), time.process_time()
            outcome = import_statement_file(acting=Acting.system(), file_name="bench.xml", content=content)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            if server is not None:
                server = _server_cpu() - server
            queries = len(captured)
            counts = counts_of(outcome.bank_import)
            raise _RolledBack
    except _RolledBack:
        pass
    return (f"Bank statement import (camt.053, {len(content) / 1e6:.0f} MB, {connection.vendor}, "
            f"{dwellings:,} tenancies): {counts['lines']:,} lines, {counts['matched']:,} matched, "
            f"{counts['review']:,} to review, {counts['not_rent']:,} not for rent, in {elapsed:.1f} s "
            f"(CPU: {cpu:.1f} s Python{'' if server is None else f', {server:.1f} s PostgreSQL'}) and {queries} queries ({elapsed / max(1, counts['lines']) * 100_000:.1f} s per 100,000 lines; "
            f"target ≤ {TARGET_SECONDS} s; rolled back)")
