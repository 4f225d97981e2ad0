"""Changes to the document vault."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from palier.audit.services import record
from palier.core.acting import Acting

from .models import Document


def store_document(
    *, acting: Acting, household, kind: str, title: str, content: bytes, language: str,
    period: dt.date | None = None, person=None, key: str | None = None,
) -> Document:
    """Keep `content` (a PDF) in the household's vault and return the document.

    With a `key` already used, the document stored first is returned and nothing is written: a
    notice or a receipt is stored once, however many times it is asked for. The file is written
    under a random name; if saving the row fails, the file is removed again (a rollback of the
    caller's transaction later on leaves an orphan file, never a row without its file)."""
    if key:
        existing = Document.objects.filter(key=key).first()
        if existing is not None:
            return existing
    document = Document(household=household, person=person, kind=kind, title=title[:200], language=language,
                        period=period, key=key, size=len(content))
    document.file.save("document.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
            record(acting, "documents.stored", target=document, subject_person_id=getattr(person, "pk", None),
                   data={"kind": kind, "household": household.pk, "key": key or ""})
    except IntegrityError:
        document.file.delete(save=False)
        if key:
            existing = Document.objects.filter(key=key).first()
            if existing is not None:
                return existing
        raise
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def note_download(*, acting: Acting, document: Document) -> None:
    """Audit that someone opened a document of the vault (it may hold amounts and addresses)."""
    record(acting, "documents.downloaded", target=document, subject_person_id=document.person_id,
           data={"kind": document.kind})
