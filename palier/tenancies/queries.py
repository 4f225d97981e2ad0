"""Reads of households, persons and tenancies. `get_*_for(acting, …)` fetches and authorises:
anything the actor may not see raises Http404, exactly like something that does not exist."""

from django.db.models import Q
from django.http import Http404

from palier.accounts.models import Role

from .models import Person, Tenancy


def users_for_tenancy_number(identifier: str):
    """Accounts of the persons of the household holding tenancy `identifier` (the resolver that
    lets a tenant sign in with their tenancy number)."""
    number = identifier.strip()
    if not number.isdigit() or len(number) > 10:
        return []
    persons = Person.objects.filter(
        household__tenancies__number=number, user__isnull=False, user__is_active=True
    ).select_related("user")[:10]
    return [p.user for p in persons]


def tenancy_by_number(number: str) -> Tenancy | None:
    number = (number or "").strip().replace(" ", "")
    if not number.isdigit():
        return None
    return Tenancy.objects.select_related("dwelling", "household").filter(number=number).first()


def person_of(user) -> Person | None:
    """The tenant's own Person, or None for an account that is not a tenant."""
    if user is None or not user.is_authenticated or user.role != Role.TENANT:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def current_tenancy_of(person: Person) -> Tenancy | None:
    """The household's current tenancy (else its latest), with the dwelling, its place and agency
    and the housing officer. Remembered on `person`, as several parts of one page ask for it."""
    if not hasattr(person, "_current_tenancy"):
        person._current_tenancy = _current_tenancy_of(person)
    return person._current_tenancy


def _current_tenancy_of(person: Person) -> Tenancy | None:
    return (
        Tenancy.objects.current()
        .filter(household_id=person.household_id)
        .select_related("dwelling__building__estate__agency", "dwelling__entrance", "housing_officer")
        .order_by("-start_date")
        .first()
    ) or (
        Tenancy.objects.filter(household_id=person.household_id)
        .select_related("dwelling__building__estate__agency", "dwelling__entrance", "housing_officer")
        .order_by("-start_date")
        .first()
    )


def staff_households_q(user, prefix: str = "") -> Q:
    """A filter limiting households (or anything reached through `prefix`) to the staff member's
    reach: agents and managers see the households of their agencies, accountants every
    household (rent data); technicians, inclusion officers and administrators see no tenant file
    (an administrator configures; they have no silent access to personal data)."""
    if user.role == Role.ACCOUNTANT:
        return Q()
    if user.role in (Role.AGENT, Role.MANAGER):
        return Q(**{f"{prefix}tenancies__dwelling__building__estate__agency__staff": user})
    return Q(pk__in=[])


def get_person_for(acting, pk) -> Person:
    """A person the actor may see: their own household for a tenant; the persons of their
    agencies for staff. Anything else is a 404."""
    user = acting.user
    qs = Person.objects.select_related("household", "user")
    if user is None:
        raise Http404
    if user.role == Role.TENANT:
        me = person_of(user)
        if me is None:
            raise Http404
        qs = qs.filter(household_id=me.household_id)
    elif user.is_staff_member:
        qs = qs.filter(staff_households_q(user, prefix="household__")).distinct()
    else:
        raise Http404
    try:
        return qs.get(pk=pk)
    except (Person.DoesNotExist, ValueError):
        raise Http404 from None
