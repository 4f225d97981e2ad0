from django.core.management.base import BaseCommand

from palier.rent.debit_tasks import run_daily


class Command(BaseCommand):
    help = ("Daily direct debit and arrears work: lapse mandates unused for 36 months, follow payment plans, "
            "send the reminders that are due (safe to run twice).")

    def handle(self, *args, **options):
        done = run_daily()
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in done.items()))
