"""My documents: rent notices, receipts and statements of the household, to open or download;
ask for a free rent receipt; choose whether receipts also come by email."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.documents.queries import documents_for, get_document_for
from palier.documents.services import note_download
from palier.documents.views import document_response
from palier.mandates.scopes import Scope
from palier.rent import notices
from palier.rent.payment_models import ReceiptConsent
from palier.rent.payments.consent import set_receipt_consent
from palier.tenancies.queries import current_tenancy_of

from .help import help_contact
from .served import served_person, serves_scope

PAGE_SIZE = 20


def _served(request, scope=Scope.DOCUMENTS):
    person = served_person(request, scope)
    acting = request.acting if person.user_id == request.user.pk else request.acting.on_behalf_of(person)
    return person, acting


@login_required
def documents(request):
    person, acting = _served(request)
    page = Paginator(documents_for(acting), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/documents/list.html", {
        "page": page, "person": person, "years": statement_years(current_tenancy_of(person)),
        "notice_period": next(iter(notices.receipt_periods(current_tenancy_of(person), months=1)), None)
        if current_tenancy_of(person) else None,
        "help": help_contact(request), "nav": "documents",
    })


def statement_years(tenancy) -> list[int]:
    """This year and the last one, from the year the tenancy started."""
    this_year = timezone.localdate().year
    return [y for y in (this_year, this_year - 1) if tenancy and tenancy.start_date.year <= y]


@login_required
@require_POST
def statement_request(request):
    """Make the yearly statement of the year asked (a button on My documents), then show the list."""
    person, acting = _served(request)
    tenancy = current_tenancy_of(person)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if year not in statement_years(tenancy):
        messages.error(request, _("Choose one of the years shown."))
        return redirect("portal:documents")
    document = notices.issue_yearly_statement(acting=acting, tenancy=tenancy, year=year, person=person)
    messages.success(request, _("Your document is ready: %(title)s.") % {"title": document.title})
    return redirect("portal:documents")


@login_required
@require_POST
def notice_request(request):
    """Make (or find) the rent notice of the latest charged month (a button on My documents)."""
    person, acting = _served(request)
    tenancy = current_tenancy_of(person)
    periods = notices.receipt_periods(tenancy, months=1) if tenancy else []
    if not periods:
        messages.error(request, _("There is no rent on your account yet."))
        return redirect("portal:documents")
    document = notices.issue_rent_notice(acting=acting, tenancy=tenancy, period=periods[0])
    messages.success(request, _("Your document is ready: %(title)s.") % {"title": document.title})
    return redirect("portal:documents")


@login_required
def document_download(request, pk):
    person, acting = _served(request)
    document = get_document_for(acting, pk)
    note_download(acting=acting, document=document)
    return document_response(document, as_attachment=request.GET.get("download") == "1")


class ReceiptForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("For which month?"), widget=forms.RadioSelect)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {f"{p:%Y-%m}": p for p in periods}
        self.fields["period"].choices = [(key, date_format(p, "F Y").capitalize()) for key, p in self.periods.items()]


def _back_from_rent_pages(request) -> str:
    """Where the receipt and consent pages lead back to: My documents, or the rent page for a
    helper whose mandate grants the rent scope but not the documents one (My documents is a 404
    for them)."""
    return "portal:documents" if serves_scope(request, Scope.DOCUMENTS) else "portal:rent"


def _ready_message(request, person, document) -> str:
    if serves_scope(request, Scope.DOCUMENTS):
        return _("Your document is ready: %(title)s.") % {"title": document.title}
    return _("The document is ready: %(title)s. %(name)s finds it in their documents.") % {
        "title": document.title, "name": person.full_name}


@login_required
def receipt_request(request):
    person, acting = _served(request, Scope.RENT)
    tenancy = current_tenancy_of(person)
    periods = notices.receipt_periods(tenancy, months=12) if tenancy else []
    # The month before the latest charged one is most often the one fully paid.
    suggested = periods[1] if len(periods) > 1 else (periods[0] if periods else None)
    form = ReceiptForm(request.POST or None, periods=periods,
                       initial={"period": f"{suggested:%Y-%m}" if suggested else None})
    if request.method == "POST" and form.is_valid():
        try:
            document = notices.issue_receipt(acting=acting, tenancy=tenancy,
                                             period=form.periods[form.cleaned_data["period"]], person=person)
        except DomainError as exc:
            form.add_error("period", exc.message)
        else:
            messages.success(request, _ready_message(request, person, document))
            return redirect(_back_from_rent_pages(request))
    return render(request, "portal/documents/receipt.html", {
        "form": form, "has_periods": bool(periods), "help": help_contact(request), "nav": "documents",
        "back_url": reverse(_back_from_rent_pages(request)),
    })


class ConsentForm(forms.Form):
    by_email = forms.TypedChoiceField(
        label=gettext_lazy("Do you want your rent receipts by email too?"), widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", gettext_lazy("Yes, send them by email too")),
                 ("no", gettext_lazy("No, I read them here or on paper"))])


@login_required
def receipt_consent(request):
    person, acting = _served(request, Scope.RENT)
    consent = ReceiptConsent.objects.filter(person=person).first()
    current = bool(consent and consent.by_email)
    form = ConsentForm(request.POST or None, initial={"by_email": "yes" if current else "no"})
    if request.method == "POST" and form.is_valid():
        try:
            set_receipt_consent(acting=acting, person=person, by_email=form.cleaned_data["by_email"])
        except DomainError as exc:
            form.add_error("by_email", exc.message)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect(_back_from_rent_pages(request))
    return render(request, "portal/documents/consent.html", {
        "form": form, "person": person, "help": help_contact(request), "nav": "documents",
        "back_url": reverse(_back_from_rent_pages(request)),
    })
