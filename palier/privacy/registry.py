"""The privacy registry: each app says, from its `AppConfig.ready()`, what it holds about a
person (an exporter), what it can erase on request (an eraser) and what it purges when the
retention table says so (a retention hook). Privacy never imports the apps above it.

    from palier.privacy.registry import register

    register("repairs", title=_("Repairs"), export=export_person, erase=erase_person,
             retain=apply_retention)

- ``export(person) -> dict | list``: everything the app holds about the person, JSON-ready
  (strings, numbers, booleans, lists, dicts; dates as ISO strings). Never another person's data.
- ``erase(person, *, acting, now, rules, dry_run) -> list[dict]``: erase what may be erased now
  (with ``dry_run``, only say what would happen); one line per kind of data:
  ``{"what": str, "count": int, "erased": bool, "reason": str}`` (why it is kept, and until when,
  when the law requires keeping it).
- ``retain(rules, *, acting, now) -> list[dict]``: purge what has expired under ``rules`` (months
  per Category); one line per kind: ``{"category": str, "what": str, "count": int}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Contributor:
    name: str
    title: object
    export: Callable | None = None
    erase: Callable | None = None
    retain: Callable | None = None
    order: int = 100


_contributors: dict[str, Contributor] = {}


def register(name: str, *, title, export=None, erase=None, retain=None, order: int = 100) -> None:
    """Register (or replace) an app's contribution; idempotent, so a second ready() is harmless."""
    _contributors[name] = Contributor(name, title, export, erase, retain, order)


def contributors() -> list[Contributor]:
    return sorted(_contributors.values(), key=lambda c: (c.order, c.name))


def plain(value):
    """A JSON-ready form of a model field value."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, memoryview)):
        return None
    return str(value)


def rows(queryset, *, exclude=("id",), only=None) -> list[dict]:
    """Every row of `queryset` as a dict of its concrete fields (foreign keys as their text),
    for exporters: a new field appears in the export without anyone having to remember it."""
    out = []
    for obj in queryset:
        row = {}
        for field in obj._meta.concrete_fields:
            name = field.name
            if (only and name not in only) or name in exclude:
                continue
            if field.is_relation:
                related = getattr(obj, name, None)
                row[name] = str(related) if related is not None else None
            else:
                if isinstance(field, models.BinaryField):
                    continue
                row[name] = plain(getattr(obj, name))
                if field.choices and row[name] not in (None, ""):
                    row[name + "_label"] = str(getattr(obj, f"get_{name}_display")())
        out.append(row)
    return out
