"""Photo uploads: what comes in is never trusted.

The content is sniffed (`filetype`), not the name or the browser's type; the image is decoded by
Pillow with a pixel ceiling (a small file that unpacks into a huge image is refused) and encoded
again as a JPEG, which leaves GPS position and camera data behind; the stored name is random and
chosen here. Files are read back only through a view that checks who asks (see queries).

A file name holding a path ("/", "\\", "..") is refused rather than trimmed. Django already keeps
only the last part of a name sent by a browser, so on the web this mostly catches ".."; callers
that pass a file as it came (imports, other front ends) are checked the same way. HEIC photos
(iPhones) are refused with a clear message unless a decoder (pillow-heif) is installed."""

import importlib.util
import secrets

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.core.errors import DomainError
from palier.core.uploads import reencode_image, sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5
DECODABLE = {"image/jpeg", "image/png", "image/webp", "image/gif"}
HEIC = {"image/heic", "image/heif"}


def heic_decoder() -> bool:
    """Whether HEIC photos can be opened: pillow-heif installed, and registered with Pillow."""
    if importlib.util.find_spec("pillow_heif") is None:
        return False
    import pillow_heif

    pillow_heif.register_heif_opener()
    return True


def _refuse(message):
    raise DomainError(message, field="photo")


def reencode(upload) -> tuple[ContentFile, int, int]:
    """Check and re-encode an uploaded file. Returns (a JPEG ContentFile with a random name,
    width, height). Raises DomainError with a message for the person otherwise."""
    if upload is None:
        _refuse(_("Choose a photo."))
    name = getattr(upload, "name", "") or ""
    if "/" in name or "\\" in name or ".." in name:
        _refuse(_("The name of this file is not allowed. Rename the photo, for example photo.jpg, "
                  "and send it again."))
    kind = sniff(upload, accepted=DECODABLE | HEIC, max_bytes=MAX_BYTES, refuse=_refuse,
                 too_large=_("This photo is too large. Send a photo under 10 MB."),
                 wrong_kind=_("This file is not a photo. Send a JPEG or PNG photo."))
    if kind in HEIC and not heic_decoder():
        _refuse(_("We cannot open this kind of photo (HEIC, from an iPhone). Send a JPEG or PNG photo."))
    data, width, height = reencode_image(upload.read(), refuse=_refuse,
                                         unreadable=_("This photo cannot be read. Try another one."))
    now = timezone.now()
    name = f"repairs/{now:%Y/%m}/{secrets.token_urlsafe(18)}.jpg"
    return ContentFile(data, name=name), width, height
