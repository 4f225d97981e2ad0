"""A tenancy's rent documents for rent staff: the rent notices, receipts (quittances and payment
receipts) and yearly statements in the household's vault, to open, download or print; make one on
demand; send one again through the tenant's channels (inbox, email with consent, paper)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.documents.models import Document, DocumentKind
from palier.documents.services import note_download
from palier.documents.views import document_response
from palier.rent import notices
from palier.rent.queries import get_tenancy_for_ledger

from .permissions import TENANT_FILES, nav_for, staff_only

PAGE_SIZE = 25
# The vault keys of a tenancy's rent documents start with one of these, then `:<tenancy pk>:`.
KEY_PREFIXES = ("rent_notice", "quittance", "payment_receipt", "yearly_statement")
RENT_KINDS = (DocumentKind.RENT_NOTICE, DocumentKind.QUITTANCE, DocumentKind.PAYMENT_RECEIPT,
              DocumentKind.YEARLY_STATEMENT)


def rent_documents_of(tenancy):
    keys = Q()
    for prefix in KEY_PREFIXES:
        keys |= Q(key__startswith=f"{prefix}:{tenancy.pk}:")
    return (Document.objects.filter(household_id=tenancy.household_id, kind__in=RENT_KINDS).filter(keys)
            .order_by("-period", "-created_at", "-id"))


def _document_of(tenancy, doc_pk) -> Document:
    document = rent_documents_of(tenancy).filter(pk=doc_pk).first()
    if document is None:
        raise Http404
    return document


def month_choices(tenancy) -> list[tuple[str, str]]:
    """The charged months (newest first, two years), and this month when not charged yet."""
    periods = notices.receipt_periods(tenancy, months=24)
    this_month = timezone.localdate().replace(day=1)
    if this_month not in periods and (tenancy.end_date is None or tenancy.end_date >= this_month):
        periods = [this_month, *periods]
    return [(f"{p:%Y-%m}", date_format(p, "F Y").capitalize()) for p in periods]


def year_choices(tenancy) -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    first = max(tenancy.start_date.year, this_year - 9)
    return [(str(y), str(y)) for y in range(this_year, first - 1, -1)]


class MonthForm(forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Month"))

    def __init__(self, *args, tenancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(tenancy)

    @property
    def period(self) -> dt.date:
        return dt.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()


class YearForm(forms.Form):
    year = forms.ChoiceField(label=gettext_lazy("Year"))

    def __init__(self, *args, tenancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(tenancy)


MAKERS = ("notice", "receipt", "statement")


@staff_only(TENANT_FILES)
def tenant_documents(request, pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    what = request.POST.get("what") if request.method == "POST" else None
    forms_ = {
        name: (YearForm if name == "statement" else MonthForm)(
            request.POST if what == name else None, tenancy=tenancy, prefix=name)
        for name in MAKERS
    }
    if what in forms_ and forms_[what].is_valid():
        form = forms_[what]
        try:
            if what == "statement":
                document = notices.issue_yearly_statement(acting=request.acting, tenancy=tenancy,
                                                          year=int(form.cleaned_data["year"]))
            elif what == "notice":
                document = notices.issue_rent_notice(acting=request.acting, tenancy=tenancy, period=form.period)
            else:
                document = notices.issue_receipt(acting=request.acting, tenancy=tenancy, period=form.period)
        except DomainError as exc:
            form.add_error("month", exc.message)
        else:
            messages.success(request, _("The document is ready: %(title)s.") % {"title": document.title})
            return redirect("backoffice:tenant-rent-documents", pk=tenancy.pk)
    elif request.method == "POST" and what not in forms_:
        return redirect("backoffice:tenant-rent-documents", pk=tenancy.pk)
    return render(request, "backoffice/rentdocs/tenant_documents.html", {
        "tenancy": tenancy, "notice_form": forms_["notice"], "receipt_form": forms_["receipt"],
        "statement_form": forms_["statement"],
        "page": Paginator(rent_documents_of(tenancy), PAGE_SIZE).get_page(request.GET.get("page")),
        "nav": nav_for(request.user), "here": "tenants",
    })


@staff_only(TENANT_FILES)
def tenant_document(request, pk, doc_pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    document = _document_of(tenancy, doc_pk)
    note_download(acting=request.acting, document=document)
    return document_response(document, as_attachment=request.GET.get("download") == "1")


@staff_only(TENANT_FILES)
@require_POST
def tenant_document_send(request, pk, doc_pk):
    tenancy = get_tenancy_for_ledger(request.acting, pk)
    document = _document_of(tenancy, doc_pk)
    try:
        sent = notices.resend_document(acting=request.acting, document=document, tenancy=tenancy)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        labels = {"portal": _("Palier inbox"), "email": _("email"), "letter": _("paper letter")}
        messages.success(request, _("Sent again: %(title)s (%(channels)s).") % {
            "title": document.title, "channels": ", ".join(str(labels.get(m.channel, m.channel)) for m in sent)})
    return redirect("backoffice:tenant-rent-documents", pk=tenancy.pk)
