"""Photo uploads: what comes in is never trusted.

The content is sniffed (`filetype`), not the name or the browser's type; the image is decoded by
Pillow with a pixel ceiling (a small file that unpacks into a huge image is refused) and encoded
again as a JPEG, which leaves GPS position and camera data behind; the stored name is random and
chosen here. Files are read back only through a view that checks who asks (see queries)."""

import secrets

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.core.errors import DomainError
from palier.core.uploads import reencode_image, sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5
ACCEPTED = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"}


def _refuse(message):
    raise DomainError(message, field="photo")


def reencode(upload) -> tuple[ContentFile, int, int]:
    """Check and re-encode an uploaded file. Returns (a JPEG ContentFile with a random name,
    width, height). Raises DomainError with a message for the person otherwise."""
    if upload is None:
        _refuse(_("Choose a photo."))
    sniff(upload, accepted=ACCEPTED, max_bytes=MAX_BYTES, refuse=_refuse,
          too_large=_("This photo is too large. Send a photo under 10 MB."),
          wrong_kind=_("This file is not a photo. Send a JPEG or PNG photo."))
    data, width, height = reencode_image(upload.read(), refuse=_refuse,
                                         unreadable=_("This photo cannot be read. Try another one."))
    now = timezone.now()
    name = f"repairs/{now:%Y/%m}/{secrets.token_urlsafe(18)}.jpg"
    return ContentFile(data, name=name), width, height
