from django.core.management.base import BaseCommand

from palier.mandates.tasks import remind_expiring_mandates


class Command(BaseCommand):
    help = "Queue the reminders for mandates ending within a week (run it once a day)."

    def handle(self, *args, **options):
        result = remind_expiring_mandates.enqueue()
        self.stdout.write(f"Mandate reminders queued ({result.id}).")
