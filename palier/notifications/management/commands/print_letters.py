from django.core.management.base import BaseCommand

from palier.core.acting import Acting
from palier.notifications.paper import print_daily_letters


class Command(BaseCommand):
    help = "Put every waiting letter in one PDF for the print room (run it once a day)."

    def handle(self, *args, **options):
        batch = print_daily_letters(acting=Acting.system())
        if batch is None:
            self.stdout.write("No letter to print.")
        else:
            self.stdout.write(f"{batch.letters} letter(s) in {batch.file.name}.")
