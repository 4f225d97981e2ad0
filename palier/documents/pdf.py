"""HTML templates → tagged PDF (PDF/UA-1), in the reader's language."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

PRINT_CSS = Path(__file__).resolve().parent / "static" / "documents" / "print.css"


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render `template_name` in `language` to a tagged PDF (PDF/UA-1) and return its bytes.

    The template should extend "documents/base.html", which sets the document's `lang` and
    `<title>` (they become the PDF's language and title metadata). Rendering a page takes a
    few hundred milliseconds: call it from a task or an explicit download, not on every page view.
    """
    from weasyprint import CSS, HTML, URLFetcher  # imported here: loading WeasyPrint is slow

    with translation.override(language):
        html = render_to_string(template_name, {**context, "pdf_language": language})
    # Images come embedded as data: URIs. Nothing else is fetched, so no text in a template (an
    # address typed by staff, say) can make the renderer read a local file or call a server.
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=5)
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1")
