def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """See palier.documents.pdf.render_pdf."""
    from .pdf import render_pdf as _render_pdf

    return _render_pdf(template_name, context, language=language)
