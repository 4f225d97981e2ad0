"""Serving a document of the vault, after the access check (the front ends' views call this)."""

from django.http import FileResponse, Http404

from .models import Document


def document_response(document: Document, *, as_attachment: bool = False) -> FileResponse:
    """The PDF, with the headers STANDARDS.md asks of served files: it cannot run anything in the
    site's name (`sandbox`), the browser does not guess its type, and no cache keeps a copy."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=as_attachment,
                            filename=document.download_name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
