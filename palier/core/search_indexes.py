"""Trigram indexes for `icontains` searches on PostgreSQL.

Django writes `icontains` as UPPER(column::text) LIKE UPPER('%…%'); a GIN trigram index on the
same expression lets PostgreSQL find matches among hundreds of thousands of rows without reading
them all. SQLite scans instead: it serves one machine.
"""

from django.db import migrations


def trigram_indexes(*, table: str, columns: list[str]) -> migrations.RunPython:
    """A migration operation creating (on PostgreSQL only) one index `<table>_<column>_trgm` per
    column, and the pg_trgm extension if missing."""
    names = {column: f"{table}_{column}_trgm" for column in columns}

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column, name in names.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in names.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
