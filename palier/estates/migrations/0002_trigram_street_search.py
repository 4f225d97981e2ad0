"""On PostgreSQL, trigram indexes for the back-office search by street (see
palier/core/search_indexes.py)."""

from django.db import migrations

from palier.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("estates", "0001_initial")]
    operations = [
        trigram_indexes(table="estates_entrance", columns=["street"]),
        trigram_indexes(table="estates_building", columns=["street"]),
    ]
