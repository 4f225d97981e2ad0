"""The shared rules for uploaded files, as each page that takes files relies on them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from palier.core.uploads import reencode_image, sniff
from palier.mandates.services import _clean_scan


class Refused(Exception):
    pass


def refuse(message):
    raise Refused(message)


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def test_the_kind_comes_from_the_content_not_the_name():
    upload = SimpleUploadedFile("invoice.pdf", png(), content_type="application/pdf")
    assert sniff(upload, accepted={"image/png"}, max_bytes=10_000, too_large="big", wrong_kind="kind",
                 refuse=refuse) == "image/png"
    with pytest.raises(Refused, match="kind"):
        sniff(SimpleUploadedFile("photo.png", b"#!/bin/sh\necho hi\n"), accepted={"image/png"}, max_bytes=10_000,
              too_large="big", wrong_kind="kind", refuse=refuse)


def test_a_photo_comes_back_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; GPS tags live in the same block, dropped with it
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(out, format="JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    data, width, height = reencode_image(out.getvalue(), unreadable="unreadable", refuse=refuse)
    assert (width, height) == (60, 40)
    assert b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_a_paper_mandate_scan_that_is_an_image_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")
    from palier.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        _clean_scan(SimpleUploadedFile("scan.png", out.getvalue(), content_type="image/png"))
    assert "trop grande" in str(refused.value.message)
