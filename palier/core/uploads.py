"""Files that people upload: never trusted, whichever page takes them.

`sniff` caps the size and tells the kind from the content (`filetype`), never from the name or the
browser's type. `reencode_image` decodes an image under a pixel ceiling (a small file that unpacks
into a huge image is refused) and encodes it again, which leaves GPS position and camera data
behind. Each caller chooses its limits and its words; stored names are the caller's random ones.
"""

import io
import warnings
from collections.abc import Callable
from typing import NoReturn

import filetype
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# 40 megapixels: more than any phone camera, far less than a decompression bomb.
MAX_PIXELS = 40_000_000
# Stored photos are scaled down to this longest side: enough to see a leak, small to serve.
LONGEST_SIDE = 2000

Refuse = Callable[[str], NoReturn]


def sniff(upload, *, accepted: set[str], max_bytes: int, too_large: str, wrong_kind: str, refuse: Refuse) -> str:
    """The MIME type read from the file's first bytes; `refuse(message)` when the file is too large
    or not of an accepted kind."""
    if upload.size > max_bytes:
        refuse(too_large)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in accepted:
        refuse(wrong_kind)
    return kind.mime


def reencode_image(data: bytes, *, unreadable: str, refuse: Refuse, longest_side: int | None = LONGEST_SIDE,
                   image_format: str = "JPEG") -> tuple[bytes, int, int]:
    """(bytes, width, height) of the image encoded again without its metadata; `refuse(message)`
    for an image bomb or a file Pillow cannot read."""
    too_big = _("This image is too large to open. Send a normal photo.")
    try:
        # Pillow's own guard warns, then refuses, past ~89 megapixels; the warning is an error
        # here, and our ceiling is checked from the header before decoding.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    refuse(too_big)
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                if longest_side:
                    image.thumbnail((longest_side, longest_side))
                out = io.BytesIO()
                # No exif= argument: nothing of the original metadata is written.
                if image_format == "JPEG":
                    image.save(out, format="JPEG", quality=85, optimize=True)
                else:
                    image.save(out, format=image_format)
                return out.getvalue(), image.width, image.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(too_big)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        refuse(unreadable)
