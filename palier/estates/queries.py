"""Reads of agencies, estates, buildings and kiosks for staff. `get_*_for(acting, pk)` fetches and
authorises: anything out of the actor's reach raises Http404, like something that does not exist.

Estates hold no personal data: agents and managers see the estates of their agencies; accountants
and administrators see them all (administrators configure kiosks in them)."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from palier.accounts.models import Role

from .models import Agency, Building, Dwelling, Estate, Kiosk

ESTATE_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT, Role.ADMINISTRATOR})
KIOSK_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def staff_agencies_q(user, prefix: str = "") -> Q:
    """Agencies (or anything reached through `prefix`, e.g. "agency__") within the staff member's
    reach for estate data."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    if user.role in (Role.ACCOUNTANT, Role.ADMINISTRATOR):
        return Q()
    if user.role in (Role.AGENT, Role.MANAGER):
        return Q(**{f"{prefix}staff": user})
    return Q(pk__in=[])


def agencies_for(user):
    return Agency.objects.filter(staff_agencies_q(user)).distinct()


def _count(model, field: str, **filters):
    return Coalesce(
        Subquery(model.objects.filter(**{field: OuterRef("pk")}, **filters).order_by()
                 .values(field).annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def estates_for(user):
    """Estates the staff member may see, with their number of buildings and dwellings (one query)."""
    if user.role not in ESTATE_ROLES:
        return Estate.objects.none()
    return (
        Estate.objects.filter(staff_agencies_q(user, prefix="agency__"))
        .select_related("agency")
        .annotate(
            building_count=_count(Building, "estate"),
            dwelling_count=_count(Dwelling, "building__estate"),
        )
        .order_by("name", "pk")
    )


def get_estate_for(acting, pk) -> Estate:
    try:
        return estates_for(acting.user).get(pk=pk)
    except (Estate.DoesNotExist, ValueError):
        raise Http404 from None


def buildings_of(estate: Estate):
    return (
        estate.buildings.annotate(dwelling_count=_count(Dwelling, "building"))
        .prefetch_related("entrances", "common_areas")
        .order_by("name", "pk")
    )


def get_building_for(acting, pk) -> Building:
    user = acting.user
    if user.role not in ESTATE_ROLES:
        raise Http404
    try:
        return (
            Building.objects.filter(staff_agencies_q(user, prefix="estate__agency__"))
            .select_related("estate__agency")
            .distinct()
            .get(pk=pk)
        )
    except (Building.DoesNotExist, ValueError):
        raise Http404 from None


def get_agency_for(acting, pk) -> Agency:
    """Agency configuration is the administrator's."""
    if acting.user.role != Role.ADMINISTRATOR:
        raise Http404
    try:
        return Agency.objects.prefetch_related("opening_hours").get(pk=pk)
    except (Agency.DoesNotExist, ValueError):
        raise Http404 from None


def kiosks_for(user):
    """Kiosks an administrator (all) or a manager (their agencies' estates) looks after."""
    if user.role not in KIOSK_ROLES:
        return Kiosk.objects.none()
    return (
        Kiosk.objects.filter(staff_agencies_q(user, prefix="estate__agency__"))
        .select_related("estate", "common_area")
        .distinct()
        .order_by("estate__name", "name", "pk")
    )


def get_kiosk_for(acting, pk) -> Kiosk:
    try:
        return kiosks_for(acting.user).get(pk=pk)
    except (Kiosk.DoesNotExist, ValueError):
        raise Http404 from None


def kiosk_estates_for(user):
    """Estates in which the staff member may register a kiosk."""
    if user.role not in KIOSK_ROLES:
        return Estate.objects.none()
    return Estate.objects.filter(staff_agencies_q(user, prefix="agency__")).distinct().order_by("name")
