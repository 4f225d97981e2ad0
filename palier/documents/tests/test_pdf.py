import copy
import subprocess
import zlib

import pytest

from palier.documents import render_pdf
from palier.testing import pdf_objects, pdf_text

PAGE = """{% extends "documents/base.html" %}{% load i18n %}
{% block title %}{% translate "Rent notice" %}{% endblock %}
{% block content %}<h1>{% translate "Rent notice" %}</h1><p>Amina Benali — {{ amount }}</p>
{% if image %}<img src="{{ image }}" alt="">{% endif %}{% endblock %}"""


@pytest.fixture
def page_template(settings, tmp_path):
    (tmp_path / "sample.html").write_text(PAGE, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path]
    settings.TEMPLATES = templates
    return "sample.html"


def pdf_info(pdf: bytes) -> str:
    return subprocess.run(["/usr/bin/pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_a_pdf_holds_the_text_of_its_template(page_template):
    pdf = render_pdf(page_template, {"amount": "535,50 €"}, language="fr")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, layout=False)
    assert "Avis d'échéance" in text  # "Rent notice", in the French asked for
    assert "Amina Benali — 535,50 €" in text


def test_a_pdf_is_tagged_for_screen_readers(page_template):
    pdf = render_pdf(page_template, {"amount": "1 €"}, language="fr")
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects
    assert "Tagged:          yes" in pdf_info(pdf)


def test_a_pdf_carries_its_title_and_language(page_template):
    pdf = render_pdf(page_template, {"amount": "1 €"}, language="nl")
    assert b"/Lang (nl)" in pdf_objects(pdf)
    assert "Title:           Huurbericht" in pdf_info(pdf)  # "Rent notice", in Dutch


def test_a_pdf_uses_dejavu_sans(page_template):
    pdf = render_pdf(page_template, {"amount": "1 €"}, language="de")
    fonts = subprocess.run(["/usr/bin/pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "DejaVu-Sans" in fonts


def test_a_pdf_never_reads_local_files(page_template):
    logo = "file:///usr/share/icons/hicolor/48x48/apps/chromium.png"
    pdf = render_pdf(page_template, {"amount": "1 €", "image": logo}, language="fr")
    assert b"/Subtype /Image" not in pdf_objects(pdf)


def test_a_pdf_embeds_images_given_as_data(page_template):
    import segno

    qr = segno.make("https://example.org").png_data_uri(scale=2)
    pdf = render_pdf(page_template, {"amount": "1 €", "image": qr}, language="fr")
    assert b"/Subtype /Image" in pdf_objects(pdf)


def test_reading_a_pdf_inflates_a_stream_whose_bytes_end_in_a_carriage_return():
    """The PDF tests read compressed objects; a stream ending in \\r must not be cut short."""
    payload = next(p for n in range(50_000) if zlib.compress(p := b"<</Type /Catalog /Lang (nl) /Id %d>>" % n)
                   .endswith(b"\r"))
    pdf = b"%PDF-1.7\n1 0 obj\n<</Length 9>>\nstream\n" + zlib.compress(payload) + b"\nendstream\nendobj\n"
    assert payload in pdf_objects(pdf)
