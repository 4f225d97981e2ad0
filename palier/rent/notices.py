"""Rent documents as tagged PDFs (PDF/UA) in the tenant's language, kept in the household's vault:
the rent notice (avis d'échéance) of a month, the quittance of a fully paid month, the payment
receipt of a partly paid one (never called a quittance: loi 89-462 art. 21), and the yearly
statement. Each is stored once: asking again gives back the same document.

Which month a payment pays: payments settle the oldest charges first. A month is fully paid when
everything received covers every charge up to and including it.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.documents import render_pdf
from palier.documents.models import Document, DocumentKind
from palier.documents.services import store_document
from palier.estates.models import Landlord
from palier.estates.services import format_iban, iban_is_valid
from palier.tenancies.models import HouseholdRole, Person, Tenancy

from .models import CHARGE_KINDS, EntryKind, LedgerEntry
from .queries import DUE_DAY
from .transfer import epc_qr, payment_amount

ZERO = Decimal("0.00")
# Notices are rendered by the background task in chunks of this many tenancies.
NOTICE_CHUNK = 200


# --- what a month owes and what paid it -----------------------------------------------------


@dataclass
class MonthAccount:
    period: dt.date
    rent: Decimal = ZERO
    service_charges: Decimal = ZERO
    paid: Decimal = ZERO  # what was received towards this month's charges
    payments: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.rent + self.service_charges

    @property
    def left(self) -> Decimal:
        return self.total - self.paid

    @property
    def fully_paid(self) -> bool:
        return self.total > 0 and self.paid >= self.total

    @property
    def partly_paid(self) -> bool:
        return ZERO < self.paid < self.total


def month_account(tenancy: Tenancy, period: dt.date) -> MonthAccount:
    """The month's charges and what was received towards them (oldest charges paid first)."""
    first = period.replace(day=1)
    account = MonthAccount(period=first)
    for kind, amount in (LedgerEntry.objects.filter(tenancy=tenancy, period=first, kind__in=CHARGE_KINDS)
                         .values_list("kind", "amount")):
        if kind == EntryKind.RENT:
            account.rent += amount
        else:
            account.service_charges += amount
    entries = LedgerEntry.objects.filter(tenancy=tenancy)
    received = -(entries.filter(amount__lt=0).aggregate(s=Sum("amount"))["s"] or ZERO)
    # Everything owed before this month: earlier charges, and other debits booked before it.
    earlier = entries.filter(amount__gt=0).filter(
        Q(period__lt=first) | Q(period__isnull=True, booked_on__lt=first)
    ).aggregate(s=Sum("amount"))["s"] or ZERO
    account.paid = min(max(received - earlier, ZERO), account.total)
    account.payments = list(entries.filter(kind=EntryKind.PAYMENT).order_by("-booked_on", "-id")[:3])
    return account


# --- shared context -------------------------------------------------------------------------


def addressee(tenancy: Tenancy) -> Person | None:
    """Whom a rent document is written to: the household's tenant, else its first adult."""
    persons = list(Person.objects.filter(household_id=tenancy.household_id))
    for role in (HouseholdRole.TENANT, HouseholdRole.COTENANT):
        for person in persons:
            if person.household_role == role:
                return person
    return persons[0] if persons else None


def language_of(tenancy: Tenancy) -> str:
    person = addressee(tenancy)
    return person.language if person else "fr"


def logo_data_uri(landlord: Landlord) -> str:
    """The landlord's logo, embedded (the PDF renderer reads no file by itself)."""
    if not landlord.logo:
        return ""
    try:
        with landlord.logo.open("rb") as handle:
            return "data:image/png;base64," + base64.b64encode(handle.read()).decode()
    except (FileNotFoundError, ValueError):
        return ""


def _base_context(tenancy: Tenancy) -> dict:
    tenancy = (Tenancy.objects.select_related("dwelling__building__estate__agency", "dwelling__entrance", "household")
               .get(pk=tenancy.pk))
    landlord = Landlord.current()
    agency = tenancy.dwelling.building.estate.agency
    persons = [p for p in Person.objects.filter(household_id=tenancy.household_id) if p.is_adult_signatory]
    return {
        "landlord": landlord,
        "logo": logo_data_uri(landlord),
        "agency": agency,
        "tenancy": tenancy,
        "names": ", ".join(p.full_name for p in persons) or tenancy.household.name,
        "address": tenancy.dwelling.address,
        "today": timezone.localdate(),
    }


def notice_context(tenancy: Tenancy, period: dt.date) -> dict:
    """What a rent notice shows: the month's rent and service charges apart, the due date, the
    balance, the amount to pay, the landlord's IBAN, the structured communication, the EPC QR code."""
    context = _base_context(tenancy)
    tenancy = context["tenancy"]
    landlord = context["landlord"]
    account = month_account(tenancy, period)
    if account.total == 0:  # not charged yet: the notice announces the monthly amounts
        account.rent, account.service_charges = tenancy.rent, tenancy.charges
        balance = (LedgerEntry.objects.filter(tenancy=tenancy).balance()) + account.total
    else:
        balance = LedgerEntry.objects.filter(tenancy=tenancy).balance()
    amount = payment_amount(balance=balance, monthly_total=account.total)
    iban_ok = iban_is_valid(landlord.iban or "")
    context.update({
        "period": account.period,
        "account": account,
        "due_date": account.period.replace(day=DUE_DAY),
        "balance": balance,
        "earlier": balance - account.total,
        "credit": account.total - balance,
        "amount": amount,
        "iban": format_iban(landlord.iban) if iban_ok else "",
        "qr": _epc_png(landlord, amount, tenancy.payment_reference) if iban_ok and amount > 0 else "",
    })
    return context


def _epc_png(landlord, amount, reference) -> str:
    """The EPC QR code as a PNG (an image a PDF reader and a printer both handle well)."""
    qr = epc_qr(name=landlord.name, iban=landlord.iban, amount=amount, reference=reference)
    return qr.png_data_uri(scale=4, border=4) if qr is not None else ""


def _month_label(period: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(period, "F Y")


# --- rent notice ----------------------------------------------------------------------------


def notice_key(tenancy: Tenancy, period: dt.date) -> str:
    return f"rent_notice:{tenancy.pk}:{period:%Y-%m}"


def issue_rent_notice(*, acting: Acting, tenancy: Tenancy, period: dt.date) -> Document:
    """The rent notice of `period` for `tenancy`, rendered and kept in the vault once (asking
    again returns the stored one)."""
    first = period.replace(day=1)
    existing = Document.objects.filter(key=notice_key(tenancy, first)).first()
    if existing is not None:
        return existing
    language = language_of(tenancy)
    with translation.override(language):
        title = _("Rent notice %(month)s") % {"month": _month_label(first)}
        pdf = render_pdf("rent/pdf/notice.html", notice_context(tenancy, first), language=language)
    with transaction.atomic():
        document = store_document(acting=acting, household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                                  title=title, content=pdf, language=language, period=first,
                                  key=notice_key(tenancy, first))
        record(acting, "rent.notice_issued", target=tenancy, data={"period": f"{first:%Y-%m}", "document": document.pk})
    return document


def issue_rent_notices(*, acting: Acting, period: dt.date, limit: int | None = None) -> int:
    """Notices for the tenancies charged for `period` that have none yet; returns how many were
    made. Safe to run again: tenancies with a notice are skipped."""
    first = period.replace(day=1)
    charged = (LedgerEntry.objects.filter(period=first, kind__in=CHARGE_KINDS)
               .values_list("tenancy_id", flat=True).distinct().order_by("tenancy_id"))
    done = {int(key.rsplit(":", 2)[1]) for key in
            Document.objects.filter(kind=DocumentKind.RENT_NOTICE, period=first, key__isnull=False)
            .values_list("key", flat=True)}
    todo = [pk for pk in charged if pk not in done]
    if limit is not None:
        todo = todo[:limit]
    for tenancy in Tenancy.objects.filter(pk__in=todo).select_related("household"):
        issue_rent_notice(acting=acting, tenancy=tenancy, period=first)
    return len(todo)


@task()
def issue_rent_notices_task(period: str) -> int:
    """Background: notices of `period` ("2026-12"), a chunk at a time; queues the next chunk."""
    month = dt.datetime.strptime(period, "%Y-%m").date()
    made = issue_rent_notices(acting=Acting.system(), period=month, limit=NOTICE_CHUNK)
    if made == NOTICE_CHUNK:
        transaction.on_commit(lambda: issue_rent_notices_task.enqueue(period))
    return made


def notices_after_charge_run(period: dt.date) -> None:
    """Called by the charge run once it has committed: queue the notices of the month charged,
    when it is this month or a later one (a notice for a month long gone helps nobody)."""
    first = period.replace(day=1)
    if first >= timezone.localdate().replace(day=1):
        issue_rent_notices_task.enqueue(f"{first:%Y-%m}")


# --- receipts ---------------------------------------------------------------------------------


def issue_receipt(*, acting: Acting, tenancy: Tenancy, period: dt.date, person: Person | None = None) -> Document:
    """The receipt of `period`, free, on request: a quittance when the month is fully paid, a
    payment receipt when it is partly paid. Raises DomainError when nothing was received for it.
    Sent by email only to a person who gave their consent (ReceiptConsent)."""
    first = period.replace(day=1)
    account = month_account(tenancy, first)
    if account.total <= 0:
        raise DomainError(_("There is no rent for this month."), field="period")
    if account.paid <= 0:
        raise DomainError(_("We have not received a payment for this month yet."), field="period")
    language = person.language if person else language_of(tenancy)
    if account.fully_paid:
        kind, key = DocumentKind.QUITTANCE, f"quittance:{tenancy.pk}:{first:%Y-%m}"
    else:
        cents = int(account.paid * 100)
        kind, key = DocumentKind.PAYMENT_RECEIPT, f"payment_receipt:{tenancy.pk}:{first:%Y-%m}:{cents}"
    existing = Document.objects.filter(key=key).first()
    if existing is not None:
        return existing
    context = {**_base_context(tenancy), "account": account, "period": first, "kind": kind}
    with translation.override(language):
        month = _month_label(first)
        title = (_("Rent receipt %(month)s") if kind == DocumentKind.QUITTANCE
                 else _("Payment receipt %(month)s")) % {"month": month}
        pdf = render_pdf("rent/pdf/receipt.html", context, language=language)
    with transaction.atomic():
        document = store_document(acting=acting, household=tenancy.household, person=person, kind=kind, title=title,
                                  content=pdf, language=language, period=first, key=key)
        record(acting, "rent.receipt_issued", target=tenancy, subject_person_id=getattr(person, "pk", None),
               data={"period": f"{first:%Y-%m}", "kind": kind, "document": document.pk})
        _send_if_consented(acting, document, person or addressee(tenancy))
    return document


def _send_if_consented(acting: Acting, document: Document, person: Person | None) -> None:
    """The receipt reaches the person through the channels they chose (see `send_document`)."""
    if person is not None:
        send_document(acting=acting, document=document, person=person, key=f"document-sent:{document.pk}")


# --- sending a document through the person's channels -------------------------------------------


def _money(value) -> str:
    from palier.core.formats import format_money

    return format_money(value)


def _date(value) -> str:
    from palier.core.formats import format_date

    return format_date(value)


def _tenancy_of(document: Document) -> Tenancy | None:
    """The tenancy a rent document is about, read from its key (`<kind>:<tenancy>:...`)."""
    try:
        pk = int((document.key or "").split(":")[1])
    except (IndexError, ValueError):
        return None
    return Tenancy.objects.filter(pk=pk, household_id=document.household_id).first()


def document_letter_text(document: Document, tenancy: Tenancy) -> str:
    """What a paper letter says about a rent document, in the active language: the document's own
    figures, so the letter is worth the document for someone who reads only paper."""
    context = _base_context(tenancy)
    header = _("Tenancy %(number)s, %(address)s.") % {"number": tenancy.number, "address": context["address"]}
    lines = [document.title, "", header, ""]
    if document.kind in (DocumentKind.QUITTANCE, DocumentKind.PAYMENT_RECEIPT) and document.period:
        account = month_account(tenancy, document.period)
        paid = account.paid
        if document.kind == DocumentKind.PAYMENT_RECEIPT:
            try:
                paid = Decimal(int(document.key.rsplit(":", 1)[1])) / 100
            except (AttributeError, IndexError, ValueError):
                pass
        lines.append(_("We received %(paid)s for %(month)s. Rent: %(rent)s. Service charges: %(charges)s.") % {
            "paid": _money(paid), "month": _month_label(document.period), "rent": _money(account.rent),
            "charges": _money(account.service_charges)})
        if document.kind == DocumentKind.QUITTANCE:
            lines.append(_("This month is fully paid. This letter is your rent receipt."))
        else:
            lines.append(_("This is a receipt for a part of the month. Still to pay for this month: %(left)s.")
                         % {"left": _money(max(account.total - paid, ZERO))})
    elif document.kind == DocumentKind.RENT_NOTICE and document.period:
        notice = notice_context(tenancy, document.period)
        lines.append(_("Rent for %(month)s: %(rent)s. Service charges: %(charges)s.") % {
            "month": _month_label(document.period), "rent": _money(notice["account"].rent),
            "charges": _money(notice["account"].service_charges)})
        if notice["amount"] > 0:
            lines.append(_("Please pay %(amount)s by %(due)s.") % {
                "amount": _money(notice["amount"]), "due": _date(notice["due_date"])})
            if notice["iban"]:
                lines.append(_("Bank account: %(iban)s. Structured communication: %(reference)s.") % {
                    "iban": notice["iban"], "reference": tenancy.payment_reference})
        else:
            lines.append(_("You have nothing to pay this month."))
    elif document.kind == DocumentKind.YEARLY_STATEMENT and document.period:
        statement = statement_context(tenancy, document.period.year)
        totals = statement["totals"]
        lines.append(_("Balance on 1 January: %(opening)s. Rent: %(rent)s. Service charges: %(charges)s. "
                       "Payments: %(payments)s. Balance on 31 December: %(closing)s.") % {
            "opening": _money(statement["opening"]), "rent": _money(totals["rent"]),
            "charges": _money(totals["service_charges"]), "payments": _money(totals["payments"]),
            "closing": _money(statement["closing"])})
    lines += ["", _("You can also find this document in your documents on Palier, or ask for it at your agency.")]
    return "\n".join(lines)


def send_document(*, acting: Acting, document: Document, person: Person, key: str) -> list:
    """Send a rent document to `person` through the channels they chose: their Palier inbox (with
    a link), email only when they agreed to receive receipts by email (ReceiptConsent), and a paper
    letter carrying the document's figures when paper is their channel, or when nothing else
    reaches them. An SMS cannot carry a document: it is never used. `key` makes it idempotent.
    Returns the messages queued."""
    from django.conf import settings

    from palier.notifications.models import Channel
    from palier.notifications.services import channels_for, notify

    from .payment_models import ReceiptConsent

    consented = ReceiptConsent.objects.filter(person=person, by_email=True).exists()
    pairs = [(channel, to) for channel, to in channels_for(person)
             if channel in (Channel.PORTAL, Channel.LETTER) or (channel == Channel.EMAIL and consented and to)]
    if not pairs:
        pairs = [(Channel.LETTER, "")]
    tenancy = _tenancy_of(document)
    link = settings.PALIER_BASE_URL.rstrip("/") + reverse("portal:document-download", kwargs={"pk": document.pk})
    messages = []
    with transaction.atomic():
        for channel, to in pairs:
            def render(channel=channel):
                if channel == Channel.LETTER and tenancy is not None:
                    return document.title, document_letter_text(document, tenancy)
                return document.title, _(
                    "Hello %(name)s,\n\nYour %(title)s is ready. Open it here after signing in:\n%(link)s\n") % {
                    "name": person.first_name, "title": document.title, "link": link}

            messages += notify(acting=acting, person=person, render=render, key=key, channels=[(channel, to)],
                               topic=f"document:{document.pk}")
    return messages


def resend_document(*, acting: Acting, document: Document, tenancy: Tenancy) -> list:
    """Staff send a rent document again to the household's addressee, through their channels
    (a new message each time, audited)."""
    import uuid

    person = document.person or addressee(tenancy)
    if person is None:
        raise DomainError(_("Nobody in this household can receive it."))
    with transaction.atomic():
        sent = send_document(acting=acting, document=document, person=person,
                             key=f"document-resent:{document.pk}:{uuid.uuid4().hex[:12]}")
        record(acting, "rent.document_resent", target=tenancy, subject_person_id=person.pk,
               data={"document": document.pk, "channels": [m.channel for m in sent]})
    return sent


def receipt_periods(tenancy: Tenancy, *, months: int = 24) -> list[dt.date]:
    """The charged months a receipt can be asked for, newest first."""
    return list(LedgerEntry.objects.filter(tenancy=tenancy, kind__in=CHARGE_KINDS)
                .values_list("period", flat=True).distinct().order_by("-period")[:months])


# --- yearly statement -----------------------------------------------------------------------


def statement_context(tenancy: Tenancy, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    entries = LedgerEntry.objects.filter(tenancy=tenancy)
    opening = entries.filter(booked_on__lt=start).balance()
    lines = list(entries.filter(booked_on__range=(start, end)).order_by("booked_on", "id"))
    totals = {"rent": ZERO, "service_charges": ZERO, "payments": ZERO, "other": ZERO}
    for line in lines:
        if line.kind == EntryKind.RENT:
            totals["rent"] += line.amount
        elif line.kind == EntryKind.SERVICE_CHARGE:
            totals["service_charges"] += line.amount
        elif line.kind == EntryKind.PAYMENT:
            totals["payments"] -= line.amount
        else:
            totals["other"] += line.amount
    closing = opening + sum((line.amount for line in lines), ZERO)
    return {**_base_context(tenancy), "year": year, "opening": opening, "closing": closing, "lines": lines,
            "totals": totals}


def issue_yearly_statement(*, acting: Acting, tenancy: Tenancy, year: int, person: Person | None = None) -> Document:
    """The statement of `year`: opening balance, every line, totals, closing balance. Asking again
    with no new line in the year gives back the same document."""
    context = statement_context(tenancy, year)
    last = context["lines"][-1].pk if context["lines"] else 0
    key = f"yearly_statement:{tenancy.pk}:{year}:{last}"
    existing = Document.objects.filter(key=key).first()
    if existing is not None:
        return existing
    language = person.language if person else language_of(tenancy)
    with translation.override(language):
        title = _("Rent statement %(year)s") % {"year": year}
        pdf = render_pdf("rent/pdf/statement.html", context, language=language)
    with transaction.atomic():
        document = store_document(acting=acting, household=tenancy.household, person=person,
                                  kind=DocumentKind.YEARLY_STATEMENT, title=title, content=pdf, language=language,
                                  period=dt.date(year, 1, 1), key=key)
        record(acting, "rent.statement_issued", target=tenancy, data={"year": year, "document": document.pk})
    return document
