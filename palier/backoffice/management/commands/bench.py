"""`manage.py bench`: SQL queries per request and server times of the busiest pages, on a
100,000-dwelling landlord kept in a database of its own.

On SQLite the data set lives in var/bench.sqlite3; when DATABASE_URL points at PostgreSQL, in a
database named palier_bench on the same server (created if missing; `PALIER_BENCH_DATABASE` names
another). It is built once, by
`seed_demo --seed 7`, and kept for the next runs. The figures are measured with Django's test client
with DEBUG off; the targets are printed beside them, nothing fails.
"""

import datetime
import os
import time
import warnings

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction
from django.test.utils import override_settings

from palier.backoffice import bench_support
from palier.estates.models import Dwelling, Landlord

BENCH_DATABASE = os.environ.get("PALIER_BENCH_DATABASE", "palier_bench")


def ensure_postgres_database(db: dict, name: str) -> None:
    """Create database `name` on the server of `db`, through the `postgres` maintenance database."""
    import psycopg
    from psycopg import sql

    params = {"dbname": "postgres", "host": db.get("HOST") or None, "port": db.get("PORT") or None,
              "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def use_bench_database() -> str:
    """Point the default connection at the bench database; return the engine's name."""
    connections.close_all()
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        name = str(settings.VAR_DIR / "bench.sqlite3")
        engine = "SQLite"
    else:
        ensure_postgres_database(db, BENCH_DATABASE)
        name = BENCH_DATABASE
        engine = "PostgreSQL"
    db["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    return engine


class _RolledBack(Exception):
    pass


def charge_run_figure(period=datetime.date(2099, 12, 1)) -> str:
    """Time the monthly charge run on every tenancy, then roll it back (the ledger is append-only,
    the bench database must stay as it was)."""
    from palier.core.acting import Acting
    from palier.rent.services import charge_rent

    started = time.perf_counter()
    try:
        with transaction.atomic():
            lines = charge_rent(acting=Acting.system(), period=period)
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    return f"Monthly charge run: {lines:,} lines in {elapsed:.1f} s (target ≤ 30 s for 100,000 tenancies; rolled back)"


class Command(BaseCommand):
    help = "Measure queries per request and server times on 100,000 dwellings (a separate database)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dwellings", type=int, default=100_000, help="Size of the data set, built once.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--requests", type=int, default=200, help="Measured requests per page.")
        parser.add_argument("--warmup", type=int, default=10, help="Requests per page before measuring.")
        parser.add_argument("--sample", type=int, default=40, help="How many different tenants to visit.")
        parser.add_argument("--only", default="", help="Measure only the pages and figures whose name contains "
                            "this text (case-insensitive); `--only build` builds the data set and stops.")

    def handle(self, *args, dwellings, seed, requests, warmup, sample, only, **options):
        engine = use_bench_database()
        self.stdout.write(f"Bench database: {settings.DATABASES['default']['NAME']} ({engine})")
        call_command("migrate", interactive=False, verbosity=0)
        if not Landlord.objects.exists():
            self.stdout.write(f"Building the data set once ({dwellings:,} dwellings); later runs reuse it.")
            call_command("seed_demo", dwellings=dwellings, seed=seed, stdout=self.stdout)
        from palier.rent.demo import seed_rent
        from palier.rent.models import LedgerEntry

        if not LedgerEntry.objects.exists():
            # A data set built before the rent ledger existed: give every tenancy a year of it.
            self.stdout.write("Writing a year of rent ledger for every tenancy (once; later runs reuse it).")
            lines = seed_rent(months=12)
            self.stdout.write(f"{lines:,} ledger lines.")
        if only == "build":
            self.stdout.write(f"The data set is ready: {Dwelling.objects.count():,} dwellings.")
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        size = Dwelling.objects.count()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        # Static files are served by their own server in production; the bench does not ask for them.
        warnings.filterwarnings("ignore", message="No directory at")
        # Measured with DEBUG off: the keys a development machine derives are fixed first, so
        # the data set's encrypted fields and lookup hashes still read.
        from palier.core import crypto

        keys = {"PALIER_ENCRYPTION_KEYS": list(crypto.encryption_keys()), "PALIER_LOOKUP_KEY": crypto.lookup_key()}
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False, **keys):
            results = []
            for page in bench_support.default_pages(sample):
                if only and only.lower() not in page.name.lower():
                    continue
                self.stdout.write(f"Measuring {page.name}…")
                results.append(bench_support.measure(page, requests=requests, warmup=warmup))
        self.stdout.write("")
        if results:
            self.stdout.write(bench_support.format_table(results, engine=engine, dwellings=size))
        for figure in [charge_run_figure, *bench_support.EXTRA_FIGURES]:
            if not only or only.lower() in figure.__name__.lower():
                with override_settings(**keys):  # the figures that turn DEBUG off still read the data set
                    self.stdout.write(figure())
