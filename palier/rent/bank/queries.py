"""Reads for the bank pages of the back office. The accountants work here; the managers may look.
Anybody else gets a 404, like a page that does not exist."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from palier.accounts.models import Role
from palier.tenancies.models import Tenancy
from palier.tenancies.search import search_tenancies

from ..bank_models import BankImport, BankLine, BankLineAllocation, LineState
from .statement import ogm_in_text

VIEW_ROLES = frozenset({Role.ACCOUNTANT, Role.MANAGER})


def may_view(acting) -> bool:
    user = acting.user
    return user is not None and user.is_authenticated and user.role in VIEW_ROLES


def _check(acting) -> None:
    if not may_view(acting):
        raise Http404


def imports_for(acting):
    """Every import, newest first, with its counts of lines per state (one query for a page)."""
    _check(acting)
    counts = {state: Count("lines", filter=Q(lines__state=state)) for state in LineState.values}
    return (BankImport.objects.select_related("imported_by").annotate(total=Count("lines"), **counts)
            .order_by("-created_at", "-id"))


def get_import_for(acting, pk) -> BankImport:
    try:
        return imports_for(acting).get(pk=pk)
    except (BankImport.DoesNotExist, ValueError):
        raise Http404 from None


def _with_allocations(lines):
    return lines.select_related("suggested_tenancy").prefetch_related(
        Prefetch("allocations", queryset=BankLineAllocation.objects.select_related("tenancy__household")))


def lines_of(acting, bank_import: BankImport, *, state: str = ""):
    _check(acting)
    lines = BankLine.objects.filter(bank_import=bank_import)
    if state in LineState.values:
        lines = lines.filter(state=state)
    return _with_allocations(lines).order_by("position", "id")


def review_queue(acting):
    """Lines waiting for a decision, oldest first."""
    _check(acting)
    return _with_allocations(BankLine.objects.filter(state=LineState.REVIEW).select_related("bank_import")
                             ).order_by("booking_date", "id")


def get_line_for(acting, pk) -> BankLine:
    _check(acting)
    try:
        return _with_allocations(BankLine.objects.select_related("bank_import", "statement")).get(pk=pk)
    except (BankLine.DoesNotExist, ValueError):
        raise Http404 from None


def find_tenancies(acting, query: str, *, limit: int = 20) -> list[Tenancy]:
    """Tenancies to book a line to: by structured communication, else by name, tenancy number,
    address... (the back office's tenant search)."""
    _check(acting)
    query = (query or "").strip()[:200]
    if not query:
        return []
    digits = ogm_in_text(query)
    if digits:
        from .matching import reference_of

        return list(Tenancy.objects.filter(payment_reference=reference_of(digits)).select_related("household"))
    return list(search_tenancies(acting.user, query)[:limit])


def tenancy_by_number_or_reference(acting, value: str) -> Tenancy | None:
    """The tenancy a split row names, by its number or its structured communication."""
    _check(acting)
    value = (value or "").strip()
    digits = ogm_in_text(value)
    if digits:
        from .matching import reference_of

        return Tenancy.objects.filter(payment_reference=reference_of(digits)).select_related("household").first()
    compact = value.replace(" ", "")
    if compact.isdigit() and len(compact) <= 10:
        return Tenancy.objects.filter(number=compact).select_related("household").first()
    return None
