from django.core.management.base import BaseCommand

from palier.notifications.services import requeue_stuck_messages


class Command(BaseCommand):
    help = "Re-queue outbox messages stuck in 'sending' for more than 10 minutes (run it every few minutes)."

    def handle(self, *args, **options):
        count = requeue_stuck_messages()
        self.stdout.write(f"{count} message(s) re-queued.")
