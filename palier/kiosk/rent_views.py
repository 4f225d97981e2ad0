"""The kiosk's rent pages: the balance and the history; a QR code that opens the online payment on
the tenant's own phone (no card is ever typed on a shared screen); the rent notice to print.

The printed notice is an HTML page with a print stylesheet: no file is downloaded or left on the
kiosk, and the page is never cached."""

import segno
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from palier.mandates.scopes import Scope
from palier.portal.pay_views import pay_link_url
from palier.portal.served import served_person
from palier.rent import notices
from palier.rent.payments.links import MAX_AGE_SECONDS, pay_link_token
from palier.rent.queries import balance_breakdown, ledger_for, next_due_date
from palier.rent.transfer import payment_amount
from palier.tenancies.queries import current_tenancy_of

from .views import _render, kiosk_required

HISTORY_PAGE_SIZE = 6


def _tenancy(request):
    person = served_person(request, Scope.RENT)  # the tenant, or whom a helper acts for with this scope
    tenancy = current_tenancy_of(person) if person else None
    if tenancy is None:
        raise Http404
    return person, tenancy


@kiosk_required
@never_cache
def rent(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    person, tenancy = _tenancy(request)
    breakdown = balance_breakdown(tenancy)  # the balance, the count and what is owed, in one query
    balance, count = breakdown.balance, breakdown.count
    paginator = Paginator(ledger_for(request.acting, tenancy), HISTORY_PAGE_SIZE)
    paginator.count = count
    amount = payment_amount(balance=balance, monthly_total=tenancy.monthly_total)
    qr = ""
    if amount > 0:
        url = pay_link_url(pay_link_token(tenancy_id=tenancy.pk, person_id=person.pk))
        qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")
    return _render(request, "kiosk/rent/rent.html", {
        "tenancy": tenancy, "balance": balance, "credit": -balance, "breakdown": breakdown, "amount": amount, "qr": qr,
        "qr_minutes": MAX_AGE_SECONDS // 60, "page": paginator.get_page(request.GET.get("page")),
        "next_due": next_due_date(tenancy),
    })


@kiosk_required
@never_cache
def rent_notice(request):
    """This month's rent notice, as a page to print."""
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    _person, tenancy = _tenancy(request)
    context = notices.notice_context(tenancy, timezone.localdate())
    return _render(request, "kiosk/rent/notice.html", {"notice": context, **{
        k: context[k] for k in ("landlord", "agency", "tenancy", "names", "address", "today", "period", "account",
                                "due_date", "balance", "earlier", "credit", "amount", "iban", "qr", "logo")}})
