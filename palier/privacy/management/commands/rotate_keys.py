"""Re-encrypt every encrypted value with the first key of PALIER_ENCRYPTION_KEYS.

1. Make a new key; put it FIRST in PALIER_ENCRYPTION_KEYS, keep the old ones after it.
2. Restart the web nodes and workers (they now write with the new key and still read the old).
3. Run `manage.py rotate_keys` (safe to run again; it only touches values not yet rotated).
4. Remove the old keys from PALIER_ENCRYPTION_KEYS and restart.
"""

from django.core.management.base import BaseCommand

from palier.privacy.keys import rotate_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of PALIER_ENCRYPTION_KEYS, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        results = rotate_all(batch_size=batch_size)
        for r in results:
            self.stdout.write(f"{r.label}: {r.scanned} values read, {r.rotated} re-encrypted")
        total = sum(r.rotated for r in results)
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values re-encrypted with the first key."))
