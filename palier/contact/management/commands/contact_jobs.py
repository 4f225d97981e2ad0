from django.core.management.base import BaseCommand

from palier.contact.appointments import send_reminders
from palier.contact.conversations import alert_unanswered
from palier.contact.services import send_due_announcements
from palier.core.acting import Acting


class Command(BaseCommand):
    help = ("Queue scheduled announcements, alert officers about unanswered messages and send tomorrow's "
            "appointment reminders (each runs once per item: safe to run every few minutes).")

    def handle(self, *args, **options):
        acting = Acting.system()
        self.stdout.write(f"{send_due_announcements(acting=acting)} announcement message(s) queued, "
                          f"{alert_unanswered(acting=acting)} conversation(s) in alerts, "
                          f"{send_reminders(acting=acting)} appointment reminder(s).")
