"""My documents at the kiosk: the household's rent notices, receipts and statements, newest first.

Nothing is ever downloaded on the shared screen. A document with an HTML form (rent notice,
receipt, yearly statement) opens as a page with a print stylesheet; every document can be sent to
the person through their own channels (their Palier inbox, email when they agreed, paper). Pages
are never cached. The tenant, or a helper acting for them with the "documents" scope, sees the
same documents as on the portal (`documents_for`); anything else is a 404."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palier.audit.services import record
from palier.documents.models import DocumentKind
from palier.documents.queries import documents_for, get_document_for
from palier.documents.services import note_download
from palier.mandates.scopes import Scope
from palier.portal.served import served_person
from palier.rent import notices
from palier.tenancies.models import Tenancy

from .views import _render, kiosk_required

PAGE_SIZE = 10
PRINTABLE = {
    DocumentKind.RENT_NOTICE: "rent/pdf/_notice_body.html",
    DocumentKind.QUITTANCE: "rent/pdf/_receipt_body.html",
    DocumentKind.PAYMENT_RECEIPT: "rent/pdf/_receipt_body.html",
    DocumentKind.YEARLY_STATEMENT: "rent/pdf/_statement_body.html",
}


def _tenancy_of(document) -> Tenancy | None:
    """The tenancy a rent document is about, read from its key (`<kind>:<tenancy>:...`)."""
    try:
        pk = int((document.key or "").split(":")[1])
    except (IndexError, ValueError):
        return None
    return Tenancy.objects.filter(pk=pk, household_id=document.household_id).first()


def printable_context(document) -> dict | None:
    """What the print page shows for `document`, or None when it has no HTML form (then it can
    only be sent)."""
    if document.kind not in PRINTABLE or document.period is None:
        return None
    tenancy = _tenancy_of(document)
    if tenancy is None:
        return None
    if document.kind == DocumentKind.RENT_NOTICE:
        context = notices.notice_context(tenancy, document.period)
    elif document.kind == DocumentKind.YEARLY_STATEMENT:
        context = notices.statement_context(tenancy, document.period.year)
    else:
        account = notices.month_account(tenancy, document.period)
        if document.kind == DocumentKind.PAYMENT_RECEIPT:
            try:  # the amount the receipt was made for, kept in its key
                account.paid = Decimal(int(document.key.rsplit(":", 1)[1])) / 100
            except (AttributeError, IndexError, ValueError):
                pass
        context = {**notices.notice_context(tenancy, document.period), "account": account,
                   "period": document.period, "kind": document.kind}
    return {**context, "body": PRINTABLE[document.kind]}


def _served(request):
    """The person served (the tenant, or whom a helper acts for with the documents scope) and the
    `Acting` to read the vault with (a helper's already carries the person acted for)."""
    return served_person(request, Scope.DOCUMENTS), request.acting


@kiosk_required
@never_cache
def documents(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    _person, acting = _served(request)
    page = Paginator(documents_for(acting), PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page:
        document.printable = document.kind in PRINTABLE
    return _render(request, "kiosk/documents/list.html", {"page": page})


@kiosk_required
@never_cache
def document_print(request, pk):
    """The document as a page to print: no file on the kiosk. Audited as an opened document."""
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    _person, acting = _served(request)
    document = get_document_for(acting, pk)
    context = printable_context(document)
    if context is None:
        return redirect("kiosk:documents")
    note_download(acting=acting, document=document)
    return _render(request, "kiosk/documents/print.html", {**context, "document": document})


@kiosk_required
@never_cache
@require_POST
def document_send(request, pk):
    """Send the document to the person served, through their own channels. Asking again the same
    day sends nothing more."""
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    person, acting = _served(request)
    document = get_document_for(acting, pk)
    today: dt.date = timezone.localdate()
    sent = notices.send_document(acting=acting, document=document, person=person,
                                 key=f"document-kiosk:{document.pk}:{person.pk}:{today:%Y-%m-%d}")
    record(acting, "documents.sent_to_self", target=document, subject_person_id=person.pk,
           data={"kind": document.kind, "channels": [m.channel for m in sent]})
    messages.success(request, _("We are sending it to you: %(title)s. Look in your messages.")
                     % {"title": document.title})
    return redirect("kiosk:documents")
