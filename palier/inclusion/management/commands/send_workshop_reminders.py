from django.core.management.base import BaseCommand

from palier.core.acting import Acting
from palier.inclusion.services import send_session_reminders


class Command(BaseCommand):
    help = ("Remind everyone enrolled in a workshop session that starts tomorrow (run it once a day; "
            "running it again the same day sends nothing twice).")

    def handle(self, *args, **options):
        count = send_session_reminders(acting=Acting.system())
        self.stdout.write(f"{count} workshop reminder(s) queued.")
