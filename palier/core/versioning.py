from django.utils.translation import gettext as _

from .errors import StaleEdit


def save_versioned(obj, *, expected_version: int, fields: list[str]) -> None:
    """Save `fields` of `obj` only if nobody saved it since `expected_version` was read.

    Raises StaleEdit (with a message for the person) when someone else changed it first; the
    caller should reload the object and show its current state.
    """
    model = type(obj)
    values = {f: getattr(obj, f) for f in fields}
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=expected_version + 1, **values
    )
    if not updated:
        raise StaleEdit(
            _("Someone else changed this while you were editing it. Here is the current version; "
              "check it and make your change again.")
        )
    obj.version = expected_version + 1
