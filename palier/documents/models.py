"""The tenant's document vault: rent notices, receipts, statements and letters kept as files.

A document belongs to a household (every member sees it) and, for a letter addressed to one
person, to that person as well. The file lives in the default storage under a random name chosen
by the server; it is served only after an access check (see `queries.get_document_for`).

The vault refers to households and persons by name ("tenancies.Household"): documents sits low
in the layers and imports nothing from tenancies at import time.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RENT_NOTICE = "rent_notice", _("rent notice")
    QUITTANCE = "quittance", _("rent receipt (quittance)")
    PAYMENT_RECEIPT = "payment_receipt", _("payment receipt")
    YEARLY_STATEMENT = "yearly_statement", _("yearly statement")
    LETTER = "letter", _("letter")


def document_path(instance, filename: str) -> str:
    """A random name chosen by the server: nothing of the title or the person in the path."""
    return f"documents/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    household = models.ForeignKey("tenancies.Household", on_delete=models.PROTECT, related_name="documents")
    # Set when the document is addressed to one person; household members still see it.
    person = models.ForeignKey("tenancies.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    # The month (its first day) or the year (1 January) the document is about.
    period = models.DateField(_("period"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What makes a document unique, for example `rent_notice:<tenancy>:2026-12`: storing it twice
    # gives back the first one.
    key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["household", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.title) or 'document'}.pdf"
