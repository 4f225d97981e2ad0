"""Writing many rows at once, for the import of a large statement.

The ORM's `bulk_create` builds a model instance and prepares each value in Python: for 100,000
lines, ledger entries and allocations that is most of an import's time. Here the caller gives
rows as tuples of plain values (str, int, Decimal, date, datetime, None) in the order of
`fields`; on PostgreSQL they are streamed with COPY, elsewhere (SQLite, for development and
tests) inserted with one prepared statement. Primary keys are reserved first, so the caller
knows them (a ledger entry's key names its bank line) without reading anything back.

Only for inserts of new rows: the ledger stays append-only, and the database's own constraints
(unique keys, foreign keys) still apply to every row.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def chunk_size() -> int:
    """How many values one `IN (...)` lookup takes: SQLite limits the parameters of a query."""
    return 10_000 if is_postgresql() else 900


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, taken from its sequence (PostgreSQL) or
    after the highest one (SQLite: the import's transaction already holds the write lock)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, model._meta.pk.column, count])
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quoted}")  # noqa: S608  # nosec B608 - quoted model names
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))


def _columns(model, fields: tuple[str, ...]) -> list[str]:
    by_attname = {field.attname: field.column for field in model._meta.concrete_fields}
    return [by_attname[name] for name in fields]


def _sqlite_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def insert(model, fields: tuple[str, ...], rows: list[tuple]) -> int:
    """Insert `rows` (tuples of values for `fields`, attribute names such as `tenancy_id`)."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(column) for column in _columns(model, fields))
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  # nosec B608 - quoted model names, values bound
                               [tuple(_sqlite_value(value) for value in row) for row in rows])
    return len(rows)


def upsert_known_payers(rows: list[tuple[str, int, dt.date]]) -> None:
    """Remember (iban_hash, tenancy, last paid on) pairs: new pairs are added, known ones get the
    later date."""
    from ..bank_models import KnownPayer

    if not rows:
        return
    if not is_postgresql():
        KnownPayer.objects.bulk_create(
            [KnownPayer(iban_hash=h, tenancy_id=t, last_paid_on=d) for h, t, d in rows], batch_size=500,
            update_conflicts=True, unique_fields=["iban_hash", "tenancy"], update_fields=["last_paid_on"])
        return
    table = connection.ops.quote_name(KnownPayer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE palier_known_payer_load "
                       "(iban_hash varchar(64), tenancy_id bigint, last_paid_on date) ON COMMIT DROP")
        with cursor.copy("COPY palier_known_payer_load FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} (iban_hash, tenancy_id, last_paid_on) "  # noqa: S608  # nosec B608 - quoted model name
            "SELECT iban_hash, tenancy_id, MAX(last_paid_on) FROM palier_known_payer_load "
            "GROUP BY iban_hash, tenancy_id "
            "ON CONFLICT (iban_hash, tenancy_id) DO UPDATE "
            f"SET last_paid_on = GREATEST({table}.last_paid_on, EXCLUDED.last_paid_on)")
        cursor.execute("DROP TABLE palier_known_payer_load")
