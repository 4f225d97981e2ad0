"""Apply the retention table (run it once a day, from cron or the scheduler of your choice)."""

from django.core.management.base import BaseCommand

from palier.core.acting import Acting
from palier.privacy.services import apply_retention


class Command(BaseCommand):
    help = "Delete or redact the personal data whose retention period has expired, and write a report."

    def handle(self, *args, **options):
        run = apply_retention(acting=Acting.system())
        for line in run.report:
            self.stdout.write(f"{line['app']}: {line['what']}: {line['count']}")
        self.stdout.write(self.style.SUCCESS(f"Done: {run.total} items deleted or redacted (run {run.pk})."))
