"""On PostgreSQL, trigram indexes for the back-office search by name (see
palier/core/search_indexes.py)."""

from django.db import migrations

from palier.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0001_initial")]
    operations = [trigram_indexes(table="tenancies_person", columns=["last_name", "first_name"])]
