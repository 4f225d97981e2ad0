"""Estates, their buildings and dwellings. No personal data here except, for staff who may open
tenant files, the household name next to the tenancy number."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from palier.estates.queries import buildings_of, estates_for, get_building_for, get_estate_for
from palier.tenancies.models import Tenancy

from .permissions import ESTATES, TENANT_FILES, nav_for, staff_only


@staff_only(ESTATES)
def estate_list(request):
    page = Paginator(estates_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/estate_list.html", {"page": page, "nav": nav_for(request.user), "here": "estates"})


@staff_only(ESTATES)
def estate_detail(request, pk):
    estate = get_estate_for(request.acting, pk)
    return render(request, "backoffice/estate_detail.html", {
        "estate": estate, "buildings": buildings_of(estate), "common_areas": estate.common_areas.all(),
        "nav": nav_for(request.user), "here": "estates",
    })


@staff_only(ESTATES)
def building_detail(request, pk):
    building = get_building_for(request.acting, pk)
    show_households = request.user.role in TENANT_FILES
    current = Tenancy.objects.current().order_by("-start_date")
    if show_households:
        current = current.select_related("household")
    dwellings = (
        building.dwellings.select_related("entrance")
        .prefetch_related(Prefetch("tenancies", queryset=current, to_attr="current_tenancies"))
        .order_by("floor", "unit", "pk")
    )
    page = Paginator(dwellings, 100).get_page(request.GET.get("page"))
    return render(request, "backoffice/building_detail.html", {
        "building": building, "page": page, "show_households": show_households,
        "nav": nav_for(request.user), "here": "estates",
    })
