"""The tenant's rent: what I owe and why, what I paid, and how to pay by bank transfer."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from palier.estates.models import Landlord
from palier.estates.services import format_iban, iban_is_valid
from palier.mandates.scopes import Scope
from palier.rent.queries import balance_breakdown, last_charges, ledger_for, next_due_date
from palier.rent.transfer import epc_qr_data_uri, payment_amount
from palier.tenancies.queries import current_tenancy_of

from .debit_views import rent_page_extras
from .help import help_contact
from .served import served_person, serves_scope

HISTORY_PAGE_SIZE = 24


@login_required
def rent(request):
    person = served_person(request, Scope.RENT)
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise Http404
    entries = ledger_for(request.acting, tenancy)
    breakdown = balance_breakdown(tenancy)  # the balance, the count and what is owed, in one query
    balance, count = breakdown.balance, breakdown.count
    paginator = Paginator(entries, HISTORY_PAGE_SIZE)
    paginator.count = count  # known already: spares a COUNT query
    landlord = Landlord.current()
    amount = payment_amount(balance=balance, monthly_total=tenancy.monthly_total)
    iban_ok = iban_is_valid(landlord.iban or "")
    return render(request, "portal/rent/rent.html", {
        "tenancy": tenancy,
        "balance": balance,
        "credit": -balance,
        "breakdown": breakdown,
        "last_charges": last_charges(tenancy),
        "page": paginator.get_page(request.GET.get("page")),
        "next_due": next_due_date(tenancy),
        "landlord": landlord,
        "iban": format_iban(landlord.iban) if iban_ok else "",
        "amount": amount,
        "qr": epc_qr_data_uri(name=landlord.name, iban=landlord.iban, amount=amount,
                              reference=tenancy.payment_reference) if iban_ok and amount > 0 else "",
        "help": help_contact(request),
        "nav": "rent",
        "may_open_documents": serves_scope(request, Scope.DOCUMENTS),
        **rent_page_extras(tenancy),
    })
