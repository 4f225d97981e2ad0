"""On PostgreSQL, refuse UPDATE and DELETE on ledger entries at the database level too."""

from django.db import migrations

from palier.core.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("rent", "0001_initial")]
    operations = [
        append_only_trigger(table="rent_ledgerentry", function="palier_rent_append_only",
                            message="ledger entries are append-only"),
    ]
