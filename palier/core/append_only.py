"""Rows that are written once and never changed: the audit trail, the rent ledger.

The ORM refuses to update or delete them (`AppendOnlyQuerySet`, `AppendOnlyModel`); on
PostgreSQL a trigger refuses it too, so that not even raw SQL can rewrite history
(`append_only_trigger` in a migration). `TABLES` lists the tables so protected, for the test
suite, which must empty them between tests.
"""

from django.db import migrations, models

TABLES: list[str] = []


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise PermissionError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are append-only.")


def append_only_trigger(*, table: str, function: str, message: str) -> migrations.RunPython:
    """A migration operation creating, on PostgreSQL only, the triggers that refuse UPDATE,
    DELETE and TRUNCATE on `table` (the test suite lifts the TRUNCATE one while it empties
    tables, see conftest.py)."""
    create = f"""
    CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{message}';
    END;
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER {table}_append_only
        BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {function}();
    CREATE TRIGGER {table}_no_truncate
        BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {function}();
    """
    drop = f"""
    DROP TRIGGER IF EXISTS {table}_append_only ON {table};
    DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
    DROP FUNCTION IF EXISTS {function}();
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop)

    return migrations.RunPython(forwards, backwards)


def protect(table: str) -> None:
    """Declare `table` append-only (called where its model is defined)."""
    if table not in TABLES:
        TABLES.append(table)
