from django.core.management.base import BaseCommand

from palier.repairs.tasks import alert_untouched_repairs, remind_repair_appointments


class Command(BaseCommand):
    help = "Queue the repair jobs: alerts for untouched requests, and tomorrow's appointment reminders."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["alerts", "reminders"], help="Queue one of the two jobs only.")

    def handle(self, *args, only=None, **options):
        if only in (None, "alerts"):
            alert_untouched_repairs.enqueue()
        if only in (None, "reminders"):
            remind_repair_appointments.enqueue()
        self.stdout.write("Repair jobs queued.")
