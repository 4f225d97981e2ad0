"""Bank statements in the back office: the accountant uploads a CODA or camt.053 file, reads the
imports and their lines, and works through the review queue (match by hand, split across
tenancies, mark not for rent). Managers may look; nobody else sees these pages."""

import os

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.audit.services import record, record_sensitive_read
from palier.core.errors import DomainError
from palier.rent.bank import matching
from palier.rent.bank.imports import MAX_BYTES, counts_of, import_statement_file
from palier.rent.bank.original import CONTENT_TYPES, has_original, read_original
from palier.rent.bank.queries import (
    find_tenancies,
    get_import_for,
    get_line_for,
    imports_for,
    lines_of,
    review_queue,
    tenancy_by_number_or_reference,
)
from palier.rent.bank_models import LineState
from palier.tenancies.search import get_tenancy_for

from .permissions import nav_for, staff_only

BANK_VIEW = frozenset({Role.ACCOUNTANT, Role.MANAGER})
BANK_ACT = frozenset({Role.ACCOUNTANT})
SPLIT_ROWS = 4


def _context(request, **extra):
    return {"nav": nav_for(request.user), "here": "bank", "can_act": request.user.role in BANK_ACT, **extra}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statement file"),
        help_text=gettext_lazy("A CODA file from a Belgian bank or a camt.053 XML file, up to 150 MB. "
                               "Importing the same file twice changes nothing."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})
        return upload


def _safe_name(name: str) -> str:
    name = os.path.basename(name or "").strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "statement"


@staff_only(BANK_VIEW)
def bank_imports(request):
    can_import = request.user.role in BANK_ACT
    if request.method == "POST" and not can_import:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None) if can_import else None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = import_statement_file(acting=request.acting, file_name=_safe_name(upload.name),
                                            content=upload.read())
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if outcome.already:
                messages.info(request, _("This file was already imported; nothing changed."))
            else:
                counts = counts_of(outcome.bank_import)
                messages.success(request, _(
                    "Statement imported: %(lines)s lines, %(matched)s matched, %(review)s to review, "
                    "%(not_rent)s not for rent, %(duplicate)s duplicates.") % counts)
            return redirect("backoffice:bank-import", pk=outcome.bank_import.pk)
    page = Paginator(imports_for(request.acting), 25).get_page(request.GET.get("page"))
    return render(request, "backoffice/bank/imports.html", _context(request, form=form, page=page))


@staff_only(BANK_VIEW)
def bank_import(request, pk):
    bank_import = get_import_for(request.acting, pk)
    state = request.GET.get("state", "")
    state = state if state in LineState.values else ""
    page = Paginator(lines_of(request.acting, bank_import, state=state), 100).get_page(request.GET.get("page"))
    return render(request, "backoffice/bank/import_detail.html", _context(
        request, bank_import=bank_import, page=page, state=state, states=LineState.choices,
        has_file=has_original(bank_import) if request.user.role in BANK_ACT else False))


@staff_only(BANK_ACT)
def bank_import_file(request, pk):
    """The statement file as it was uploaded, for the accountants only (it holds every payer's
    name and account); each download is audited. Served as an attachment, in a sandbox."""
    bank_import = get_import_for(request.acting, pk)
    content = read_original(bank_import)
    if content is None:
        raise Http404
    record(request.acting, "rent.bank_statement_downloaded", target=bank_import,
           data={"file_name": bank_import.file_name, "size": len(content)})
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(bank_import.file_format,
                                                                    "application/octet-stream"))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(True, bank_import.file_name)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_only(BANK_VIEW)
def bank_review(request):
    page = Paginator(review_queue(request.acting), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/bank/review.html", _context(request, page=page))


class NotRentForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Why is it not for rent?"), max_length=200,
                           help_text=gettext_lazy("For example: hall rental, insurance refund, deposit."))
    version = forms.IntegerField(widget=forms.HiddenInput)


def _rebound(form_class, data, line, **kwargs):
    """The form as it was posted, carrying the line's current version: after someone else's change
    the accountant sees the new state and may decide again without retyping."""
    data = data.copy()
    data["version"] = line.version
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _decidable(line) -> bool:
    return line.state in (LineState.REVIEW, LineState.NOT_RENT) and line.amount > 0


@staff_only(BANK_VIEW)
def bank_line(request, pk):
    line = get_line_for(request.acting, pk)
    can_act = request.user.role in BANK_ACT
    if request.method == "POST" and not can_act:
        raise Http404
    form = NotRentForm(request.POST or None, initial={"version": line.version})
    if request.method == "POST" and form.is_valid():
        try:
            matching.mark_not_rent(acting=request.acting, line=line, note=form.cleaned_data["note"],
                                   version=form.cleaned_data["version"])
        except DomainError as exc:
            line = get_line_for(request.acting, pk)
            form = _rebound(NotRentForm, request.POST, line)
            form.add_error("note" if exc.field == "note" else None, exc.message)
        else:
            messages.success(request, _("The line is marked not for rent."))
            return redirect("backoffice:bank-review")
    query = request.GET.get("q", "").strip()
    results = find_tenancies(request.acting, query) if query and can_act and _decidable(line) else []
    if line.counterparty_iban:
        # The page shows the payer's whole account number: who saw it, and when, is kept.
        record_sensitive_read(request.acting, line, "counterparty_iban")
    return render(request, "backoffice/bank/line.html", _context(
        request, line=line, form=form, query=query, results=results, searched=bool(query),
        decidable=can_act and _decidable(line), reviewable=can_act and line.state == LineState.REVIEW))


@staff_only(BANK_ACT)
@require_POST
def bank_line_match(request, pk):
    line = get_line_for(request.acting, pk)
    tenancy = get_tenancy_for(request.acting, request.POST.get("tenancy"))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        matching.match_by_hand(acting=request.acting, line=line, tenancy=tenancy, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:bank-line", pk=line.pk)
    messages.success(request, _("The payment is booked to tenancy %(number)s (%(name)s).")
                     % {"number": tenancy.number, "name": tenancy.household.name})
    return redirect("backoffice:bank-review")


class SplitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, acting, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting = acting
        for n in range(1, SPLIT_ROWS + 1):
            self.fields[f"tenancy_{n}"] = forms.CharField(
                label=_("Tenancy %(n)s: number or structured communication") % {"n": n}, max_length=30,
                required=n == 1)
            self.fields[f"amount_{n}"] = forms.DecimalField(
                label=_("Amount for tenancy %(n)s (€)") % {"n": n}, max_digits=11, decimal_places=2, localize=True,
                required=n == 1, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def rows(self):
        return [(self[f"tenancy_{n}"], self[f"amount_{n}"]) for n in range(1, SPLIT_ROWS + 1)]

    def clean(self):
        data = super().clean()
        shares = []
        for n in range(1, SPLIT_ROWS + 1):
            value, amount = data.get(f"tenancy_{n}"), data.get(f"amount_{n}")
            if not value and amount is None:
                continue
            if not value:
                self.add_error(f"tenancy_{n}", _("Give the tenancy this amount is for."))
                continue
            if amount is None:
                if f"amount_{n}" not in self.errors:
                    self.add_error(f"amount_{n}", _("Give the amount for this tenancy."))
                continue
            tenancy = tenancy_by_number_or_reference(self.acting, value)
            if tenancy is None:
                self.add_error(f"tenancy_{n}", _("No tenancy has this number or structured communication."))
                continue
            shares.append((tenancy, amount))
        data["shares"] = shares
        return data


@staff_only(BANK_ACT)
def bank_line_split(request, pk):
    line = get_line_for(request.acting, pk)
    if not _decidable(line):
        messages.error(request, _("This line cannot be split: it is %(state)s.") % {"state": line.get_state_display()})
        return redirect("backoffice:bank-line", pk=line.pk)
    form = SplitForm(request.POST or None, acting=request.acting, initial={"version": line.version})
    if request.method == "POST" and form.is_valid():
        try:
            matching.split_line(acting=request.acting, line=line, shares=form.cleaned_data["shares"],
                                version=form.cleaned_data["version"])
        except DomainError as exc:
            line = get_line_for(request.acting, pk)
            form = _rebound(SplitForm, request.POST, line, acting=request.acting)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The payment is split across %(count)s tenancies.")
                             % {"count": len(form.cleaned_data["shares"])})
            return redirect("backoffice:bank-review")
    return render(request, "backoffice/bank/split.html", _context(request, line=line, form=form))
