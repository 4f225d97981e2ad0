import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from palier.core.acting import Acting
from palier.rent.services import charge_rent


class Command(BaseCommand):
    help = "Charge the rent and service charges of one month to every running tenancy (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, as YYYY-MM, for example 2026-12.")

    def handle(self, *args, period, **options):
        try:
            month = dt.datetime.strptime(period, "%Y-%m").date()
        except ValueError:
            raise CommandError("--period must look like 2026-12.") from None
        started = time.perf_counter()
        added = charge_rent(acting=Acting.system(), period=month)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{added} ledger lines added for {month:%Y-%m} in {elapsed:.1f} s.")
