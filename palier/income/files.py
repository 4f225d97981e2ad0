"""Income documents on disk: checked on the way in, encrypted at rest, rotated with the keys.

- `check_upload` caps the size, tells the kind from the content (a PDF must sniff as a PDF and
  start like one; an image is decoded under a pixel ceiling and encoded again, which drops its
  metadata). The name the browser sent is kept only as a label, with any path removed.
- `store` writes a Fernet token (the project's MultiFernet keys, first key encrypting) under a
  random name; the plain bytes are never stored (an upload over FILE_UPLOAD_MAX_MEMORY_SIZE does
  pass through Django's temporary upload file, removed at the end of the request). `read` decrypts
  for an access-checked view.
- `rotate_files` re-encrypts every file still under an older key (run by `manage.py rotate_keys`):
  the new token goes to a new name, the row moves to it only if nobody changed it meanwhile, then
  the old file is removed.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from cryptography.fernet import Fernet, InvalidToken
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.translation import gettext as _

from palier.core import crypto
from palier.core.errors import DomainError
from palier.core.uploads import reencode_image, sniff

MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/heic"}
ACCEPTED = IMAGES | {PDF}
# A payslip photographed on a phone must stay readable: larger than a repair photo.
LONGEST_SIDE = 3000
NAME_MAX = 120


def _refuse(message):
    raise DomainError(message, field="document")


def clean_name(raw: str | None, *, extension: str) -> str:
    """A label for people: the last part of the name sent (no folder, no control character),
    shortened, with the extension of what is really stored."""
    base = re.split(r"[\\/]", raw or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    stem = base.rsplit(".", 1)[0].strip() if "." in base else base
    stem = stem[: NAME_MAX - len(extension) - 1] or _("document")
    return f"{stem}.{extension}"


def check_upload(upload) -> tuple[bytes, str, str]:
    """(bytes to store, content type, label) for an uploaded file; DomainError otherwise."""
    if upload is None:
        _refuse(_("Choose a file."))
    kind = sniff(upload, accepted=ACCEPTED, max_bytes=MAX_BYTES, refuse=_refuse,
                 too_large=_("This file is too large. Send a file under 10 MB."),
                 wrong_kind=_("Send a PDF file or a photo (JPEG or PNG)."))
    data = upload.read()
    if kind == PDF:
        if not data.lstrip()[:5] == b"%PDF-":
            _refuse(_("Send a PDF file or a photo (JPEG or PNG)."))
        return data, PDF, clean_name(upload.name, extension="pdf")
    data, _width, _height = reencode_image(data, refuse=_refuse, longest_side=LONGEST_SIDE,
                                           unreadable=_("This photo cannot be read. Try another one."))
    return data, "image/jpeg", clean_name(upload.name, extension="jpg")


def _new_name() -> str:
    return f"income/{secrets.token_urlsafe(24)}.bin"


def store(data: bytes) -> str:
    """Encrypt and write; returns the storage name."""
    return default_storage.save(_new_name(), ContentFile(crypto.fernet().encrypt(data)))


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        token = handle.read()
    try:
        return crypto.fernet().decrypt(token)
    except InvalidToken:
        raise crypto.ImproperlyConfigured(
            "An income document cannot be decrypted with any key of PALIER_ENCRYPTION_KEYS.") from None


def delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def rotate_files(*, batch_size: int = 500):
    """Re-encrypt with the first key every income document still under an older one."""
    from palier.privacy.keys import Rotated

    from .models import IncomeDocument

    result = Rotated("income.IncomeDocument.file")
    if IncomeDocument._meta.db_table not in connection.introspection.table_names():
        return result
    first = Fernet(crypto.encryption_keys()[0].encode())
    last = 0
    while True:
        batch = list(IncomeDocument.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "file")[:batch_size])
        if not batch:
            return result
        for pk, name in batch:
            result.scanned += 1
            try:
                with default_storage.open(name, "rb") as handle:
                    token = handle.read()
            except FileNotFoundError:
                continue
            try:
                first.decrypt(token)
                continue
            except InvalidToken:
                pass
            new = default_storage.save(_new_name(), ContentFile(crypto.fernet().rotate(token)))
            if IncomeDocument.objects.filter(pk=pk, file=name).update(file=new):
                default_storage.delete(name)
                result.rotated += 1
            else:
                default_storage.delete(new)
        last = batch[-1][0]
