"""Finding a tenant from the back office: by name, tenancy number, address, dwelling reference or
phone number, within the staff member's reach.

Sized for 150,000 dwellings: one query for the page of tenancies (households, dwellings,
buildings, estates and agencies joined in), one for their persons, one for the count. Each reading
of the query is a condition on the tenancy's own columns (`number`, `household_id IN (…)`,
`dwelling_id IN (…)`), so no row is doubled and the database starts from the few matches. Names
and streets are matched with icontains (a scan of persons or entrances, tens of milliseconds at
that size); a trigram index is the next step on PostgreSQL if that grows."""

import re

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, F, Prefetch, Q, Window
from django.db.models.expressions import RawSQL
from django.http import Http404

from palier.accounts.identifiers import looks_like_phone, normalise_phone
from palier.accounts.models import Role
from palier.estates.models import Building, Dwelling, Entrance

from .models import Household, HouseholdRole, Person, Tenancy
from .queries import staff_households_q

TENANT_FILE_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})

# "Rue des Tilleuls 12", "rue des tilleuls, 12 bte 3B", "Tilleuls 12/3B"
_ADDRESS = re.compile(
    r"^(?P<street>.*?[^\d\s,])[\s,]+(?P<number>\d+[a-z]?)(?:\s*(?:/|bte\.?|bus|box|boîte)\s*(?P<unit>\w+))?$",
    re.IGNORECASE,
)

_PERSON_COLUMNS = ("id", "household_id", "household_role", "first_name", "last_name")


def households_in_reach(user):
    if user is None or not user.is_authenticated or user.role not in TENANT_FILE_ROLES:
        return Household.objects.none()
    return Household.objects.filter(staff_households_q(user))


def tenancies_in_reach(user):
    if user is None or not user.is_authenticated or user.role not in TENANT_FILE_ROLES:
        return Tenancy.objects.none()
    scope = staff_households_q(user)
    if not scope:  # every household (an accountant): no filter to plan around
        return Tenancy.objects.all()
    return Tenancy.objects.filter(household_id__in=Household.objects.filter(scope).values("pk"))


def _households_of_persons(q: Q) -> Q:
    """The tenancies of the households where a person matches `q`.

    On PostgreSQL the persons are read first, into an array (`= ANY(ARRAY(…))`): a name found
    through its trigram index gives a few thousand households at most, and the planner then starts
    from those instead of testing every tenancy of the agencies against the names (141 ms → 19 ms
    for a common surname on 100,000 dwellings)."""
    households = Person.objects.filter(q).values("household_id")
    if connection.vendor != "postgresql":
        return Q(household_id__in=households)
    sql, params = households.query.sql_with_params()
    table = connection.ops.quote_name(Tenancy._meta.db_table)
    # The SQL is Django's own compiled query; the words searched stay bound parameters.
    return Q(RawSQL(f"{table}.{connection.ops.quote_name('household_id')} = ANY(ARRAY({sql}))",  # noqa: S611  # nosec B611
                    params, output_field=BooleanField()))


def _dwellings(q: Q):
    return Dwelling.objects.filter(q).values("pk")


def _match(query: str) -> Q:
    """What `query` means, read from its shape: a phone number, a tenancy number, a dwelling
    reference, an address (street and number), or else names (every word in the first or last
    name of one person of the household) or a street.

    One reading per query, each on the tenancy's own indexed columns (`number`,
    `household_id IN (…)`, `dwelling_id IN (…)`), so the database finds the few tenancies first
    and joins the rest to them."""
    query = " ".join(query.split())
    compact = query.replace(" ", "")
    if looks_like_phone(query):
        return _households_of_persons(Q(phone=normalise_phone(query)))
    if compact.isdigit():
        return Q(number=compact) if len(compact) <= 10 else Q(pk__in=[])
    if " " not in query and any(ch.isdigit() for ch in compact) and len(compact) <= 30:
        # A dwelling reference (stored as printed, in capitals) is one word with digits in it.
        return Q(dwelling_id__in=_dwellings(Q(reference__in={compact, compact.upper()})))
    address = _ADDRESS.match(query)
    if address:
        street, number, unit = address["street"].strip(" ,"), address["number"], address["unit"]
        # Entrances and buildings are few next to dwellings: find them first, then their dwellings by index.
        at = (Q(entrance_id__in=Entrance.objects.filter(street__icontains=street, number__iexact=number).values("pk"))
              | Q(entrance__isnull=True, building_id__in=Building.objects.filter(
                  street__icontains=street, number__iexact=number).values("pk")))
        if unit:
            at &= Q(unit__iexact=unit)
        return Q(dwelling_id__in=_dwellings(at))
    words = [w for w in re.split(r"[\s,]+", query) if len(w) >= 2]
    if not words:
        return Q(pk__in=[])
    names = Q()
    for word in words:
        names &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
    match = _households_of_persons(names)
    if len(words) > 1 and len(query) >= 6:
        # "Rue des Tilleuls": a street without a number.
        match |= Q(dwelling_id__in=_dwellings(
            Q(entrance_id__in=Entrance.objects.filter(street__icontains=query).values("pk"))
            | Q(entrance__isnull=True, building_id__in=Building.objects.filter(street__icontains=query).values("pk"))
        ))
    return match


def _search_scope(user) -> Q:
    """The search lists the tenancies of dwellings in the staff member's agencies (every tenancy
    for an accountant). Reading the agency ids first lets the database start from the few matching
    tenancies instead of from every household of the agencies."""
    if user is None or not user.is_authenticated or user.role not in TENANT_FILE_ROLES:
        return Q(pk__in=[])
    if not staff_households_q(user):
        return Q()
    agency_ids = list(user.agencies.values_list("pk", flat=True))
    return Q(dwelling__building__estate__agency_id__in=agency_ids)


def search_tenancies(user, query: str):
    """Tenancies in `user`'s reach matching `query`, current ones first, ready to list: household,
    dwelling with its building, estate and agency, and the persons (few columns) prefetched."""
    query = (query or "").strip()[:200]
    if not query:
        return Tenancy.objects.none()
    return (
        Tenancy.objects.filter(_search_scope(user))
        .filter(_match(query))
        .select_related("household", "dwelling__entrance", "dwelling__building__estate__agency")
        .only(
            "id", "number", "start_date", "end_date", "household__id", "household__name",
            "dwelling__id", "dwelling__unit", "dwelling__reference", "dwelling__building_id", "dwelling__entrance_id",
            "dwelling__entrance__street", "dwelling__entrance__number",
            "dwelling__building__street", "dwelling__building__number", "dwelling__building__estate_id",
            "dwelling__building__estate__postcode", "dwelling__building__estate__city",
            "dwelling__building__estate__agency_id", "dwelling__building__estate__agency__name",
        )
        .prefetch_related(Prefetch("household__persons", queryset=Person.objects.only(*_PERSON_COLUMNS)))
        .order_by(F("end_date").desc(nulls_first=True), "household__name", "number")
    )


def get_tenancy_for(acting, pk) -> Tenancy:
    """A tenancy whose file the staff member may open (their agencies; every one for an
    accountant); anything else is a 404."""
    try:
        return (
            tenancies_in_reach(acting.user)
            .select_related("household", "dwelling__entrance", "dwelling__building__estate__agency", "housing_officer")
            .get(pk=pk)
        )
    except (Tenancy.DoesNotExist, ValueError):
        raise Http404 from None


def persons_of_household(household_id: int):
    """The household's persons, signatories first, with their accounts."""
    role_order = {HouseholdRole.TENANT: 0, HouseholdRole.COTENANT: 1, HouseholdRole.OCCUPANT: 2}
    persons = list(Person.objects.filter(household_id=household_id).select_related("user"))
    return sorted(persons, key=lambda p: (role_order.get(p.household_role, 9), p.first_name, p.pk))


def search_page(user, query: str, page_number, *, per_page: int = 25) -> Page:
    """One page of `search_tenancies`, with the total number of matches counted by the same
    query (a window count) instead of a second one: on a large landlord the count costs as much
    as the page itself. A page number out of range gives the last page, like Paginator.get_page."""
    matches = search_tenancies(user, query)
    paginator = Paginator(matches, per_page)
    try:
        number = max(1, int(page_number or 1))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(matches.annotate(full_count=Window(Count("pk")))[offset:offset + per_page])
    if rows:
        paginator.count = rows[0].full_count
    elif number > 1:
        return paginator.get_page(number)  # past the end: count, then show the last page
    else:
        paginator.count = 0
    return Page(rows, number, paginator)
