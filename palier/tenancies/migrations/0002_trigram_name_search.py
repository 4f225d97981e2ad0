"""On PostgreSQL, trigram indexes let the back-office search find "benali" inside names among
hundreds of thousands of persons without reading them all. The expressions match what Django
writes for `icontains` (UPPER(column::text) LIKE UPPER(...)). SQLite scans; it serves one machine."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS tenancies_person_last_name_trgm ON tenancies_person "
    "USING gin ((UPPER(last_name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS tenancies_person_first_name_trgm ON tenancies_person "
    "USING gin ((UPPER(first_name::text)) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS tenancies_person_last_name_trgm",
    "DROP INDEX IF EXISTS tenancies_person_first_name_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
