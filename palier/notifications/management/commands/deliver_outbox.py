from django.core.management.base import BaseCommand

from palier.notifications.services import deliver_due, requeue_stuck_messages


class Command(BaseCommand):
    help = ("Take back the messages of workers that died, then send every due email and SMS "
            "(run it every five minutes, or let the background worker's tasks do it).")

    def handle(self, *args, **options):
        handed = requeue_stuck_messages()
        sent = deliver_due()
        self.stdout.write(f"{handed} message(s) taken back, {sent} handled.")
