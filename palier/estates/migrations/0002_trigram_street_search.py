"""On PostgreSQL, trigram indexes on street names for the back-office address search
(see tenancies 0002 for the reasoning)."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS estates_entrance_street_trgm ON estates_entrance "
    "USING gin ((UPPER(street::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS estates_building_street_trgm ON estates_building "
    "USING gin ((UPPER(street::text)) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS estates_entrance_street_trgm", "DROP INDEX IF EXISTS estates_building_street_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("estates", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
