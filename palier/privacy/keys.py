"""Key rotation for every encrypted column of the project (palier.core.crypto).

Rotation runs while Palier serves: the web nodes already hold the new key first and the old keys
after it, so they read both and write with the new one. This pass re-encrypts what is left, in
batches of rows read and written with plain SQL (no model code, no signals), each row only if its
value is still the one read (a concurrent save has already used the new key)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from palier.core import crypto
from palier.core.crypto import EncryptedTextField


@dataclass
class Rotated:
    label: str
    scanned: int = 0
    rotated: int = 0


def encrypted_fields() -> list[tuple[type, EncryptedTextField]]:
    """Every (model, field) pair stored encrypted, for concrete models of installed apps."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField) and field.model is model:
                found.append((model, field))
    return found


def rotate_field(model, field, *, batch_size: int = 500) -> Rotated:
    qn = connection.ops.quote_name
    table, column, pk = qn(model._meta.db_table), qn(field.column), qn(model._meta.pk.column)
    result = Rotated(f"{model._meta.label}.{field.name}")
    last = None
    while True:
        with connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"SELECT {pk}, {column} FROM {table} ORDER BY {pk} LIMIT %s", [batch_size])  # noqa: S608  # nosec B608 - table and column names from the models, quoted; values bound
            else:
                cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s",  # noqa: S608  # nosec B608 - quoted model names
                               [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return result
        with transaction.atomic(), connection.cursor() as cursor:
            for row_pk, stored in rows:
                result.scanned += 1
                if crypto.needs_rotation(stored):
                    cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608  # nosec B608 - quoted model names
                                   [str(crypto.rotate(stored)), row_pk, stored])
                    result.rotated += cursor.rowcount
        last = rows[-1][0]


def rotate_all(*, batch_size: int = 500) -> list[Rotated]:
    """Re-encrypt every encrypted value of every model with the first key (models whose table
    does not exist yet, before their migration, are left out)."""
    tables = set(connection.introspection.table_names())
    return [rotate_field(model, field, batch_size=batch_size) for model, field in encrypted_fields()
            if model._meta.db_table in tables]
