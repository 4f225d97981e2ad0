"""Small builders for repair tests."""

import io

from PIL import Image

from palier.core.acting import Acting
from palier.repairs.models import Problem
from palier.repairs.services import report_repair


def report(person, code="bath-shower-leak", *, user=None, channel="web", **kw):
    acting = Acting(user=user if user is not None else person.user, channel=channel)
    kw.setdefault("since", "days")
    kw.setdefault("access_slots", ["morning"])
    kw.setdefault("keep_informed", ["portal"])
    return report_repair(acting=acting, person=person, problem=Problem.objects.get(code=code), **kw)


def jpeg_bytes(size=(40, 30), *, exif=None, fmt="JPEG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif is not None:
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()
