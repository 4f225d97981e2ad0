"""Key rotation for every encrypted column of the project (palier.core.crypto).

Rotation runs while Palier serves: the web nodes already hold the new key first and the old keys
after it, so they read both and write with the new one. This pass re-encrypts what is left, in
batches of rows read and written with queries that see the stored tokens (no model code, no
signals), each row only if its value is still the one read (a concurrent save has already used
the new key)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.db.models.lookups import Exact

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
    """Re-encrypt one column, in batches by primary key. The stored tokens are read and compared
    as plain text (a cast to text, so the field does not decrypt them), and written back as
    `Ciphertext` (so it does not encrypt them again): no raw SQL, no model code, no signals."""
    result = Rotated(f"{model._meta.label}.{field.name}")
    rows = model._base_manager.order_by("pk")
    last = None
    while True:
        batch = rows if last is None else rows.filter(pk__gt=last)
        chunk = list(batch.annotate(stored=_stored(field)).values_list("pk", "stored")[:batch_size])
        if not chunk:
            return result
        with transaction.atomic():
            for row_pk, stored in chunk:
                result.scanned += 1
                if crypto.needs_rotation(stored):
                    # Only if the value is still the one read: a concurrent save used the new key.
                    unchanged = model._base_manager.filter(Exact(_stored(field), stored), pk=row_pk)
                    result.rotated += unchanged.update(**{field.name: crypto.rotate(stored)})
        last = chunk[-1][0]


def _stored(field):
    """The column's stored text (the token itself), not the value the field decrypts."""
    return Cast(field.name, output_field=models.TextField())


def rotate_all(*, batch_size: int = 500) -> list[Rotated]:
    """Re-encrypt every encrypted value of every model with the first key (models whose table
    does not exist yet, before their migration, are left out)."""
    tables = set(connection.introspection.table_names())
    return [rotate_field(model, field, batch_size=batch_size) for model, field in encrypted_fields()
            if model._meta.db_table in tables] + [
        rotate(batch_size=batch_size) for rotate in _file_rotations.values()]


# Encrypted files (income documents...): their app registers how to re-encrypt them, from
# AppConfig.ready(), as `rotate(*, batch_size) -> Rotated`.
_file_rotations: dict = {}


def register_file_rotation(label: str, rotate) -> None:
    _file_rotations[label] = rotate
