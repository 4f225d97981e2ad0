"""Files joined to a message: what comes in is never trusted (the same rules as repair photos).

The size is capped; the content is sniffed with `filetype` (not the name, not the browser's
type); images are decoded by Pillow under a pixel ceiling and encoded again as JPEG, which leaves
GPS position and camera data behind; a PDF is kept as it is, only after its signature checks.
Stored names are random. Files are read back only through views that check who asks, sent with
`Content-Security-Policy: default-src 'none'; sandbox` and `X-Content-Type-Options: nosniff`."""

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.core.errors import DomainError
from palier.core.uploads import reencode_image, sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 3
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"}
DOCUMENTS = {"application/pdf"}


@dataclass(frozen=True)
class CleanFile:
    content: ContentFile
    content_type: str
    size: int
    label: str


def _refuse(message):
    raise DomainError(message, field="files")


def clean_upload(upload, *, number: int = 1) -> CleanFile:
    """Check one uploaded file and return it ready to store. Raises DomainError with a message for
    the person: too large, not a photo or a PDF, unreadable."""
    name = upload.name[:60]
    mime = sniff(upload, accepted=IMAGES | DOCUMENTS, max_bytes=MAX_BYTES, refuse=_refuse,
                 too_large=_("The file “%(name)s” is too large. Send files under 10 MB.") % {"name": name},
                 wrong_kind=_("The file “%(name)s” is not a photo or a PDF.") % {"name": name})
    data = upload.read()
    now = timezone.now()
    stem = f"conversations/{now:%Y/%m}/{secrets.token_urlsafe(18)}"
    if mime in IMAGES:
        data, _width, _height = reencode_image(data, refuse=_refuse,
                                               unreadable=_("This file cannot be read. Try another one."))
        return CleanFile(ContentFile(data, name=f"{stem}.jpg"), "image/jpeg", len(data),
                         _("Photo %(number)s") % {"number": number})
    return CleanFile(ContentFile(data, name=f"{stem}.pdf"), "application/pdf", len(data),
                     _("Document %(number)s") % {"number": number})


def clean_uploads(uploads) -> list[CleanFile]:
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_FILES:
        _refuse(_("Send at most %(count)s files with one message.") % {"count": MAX_FILES})
    return [clean_upload(upload, number=i) for i, upload in enumerate(uploads, start=1)]
