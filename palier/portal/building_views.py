"""The tenant's building: current works and outages, and each announcement read in full (which
counts it as read for the staff who wrote it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from palier.contact import services as contact
from palier.contact.queries import building_notices, get_announcement_for_tenancy, shown_in, text_in
from palier.mandates.scopes import Scope
from palier.tenancies.queries import current_tenancy_of

from .fronts import Front, on_portal
from .help import help_contact
from .served import served_person


def _portal_render(request, template, context, status=200):
    return render(request, template, {**context, "help": help_contact(request), "base_template": "portal/base.html",
                                      "nav": "building"}, status=status)


PORTAL = Front("portal", "portal/base.html", False, _portal_render)


def building_page(request, front: Front):
    """Works and outages now, and the news, for the served tenant's building. On the kiosk each
    announcement is shown in full on the page (there is no page per announcement there)."""
    person = served_person(request, Scope.MESSAGES)
    tenancy = current_tenancy_of(person)
    notices = building_notices(tenancy)
    if front.kiosk:  # the kiosk shows each text in full: the tenant has read it (not a helper for them)
        contact.mark_announcements_shown(acting=request.acting, person=person,
                                         announcements=notices["works"] + notices["news"])
    language = get_language()
    return front.render(request, "portal/contact/building.html", {
        "tenancy": tenancy, "works": shown_in(notices["works"], language), "news": shown_in(notices["news"], language),
        "front": front,
    })


building = on_portal(PORTAL)(building_page)


@login_required
def announcement(request, pk):
    person = served_person(request, Scope.MESSAGES)
    item = get_announcement_for_tenancy(current_tenancy_of(person), pk)
    if request.user == person.user:  # a helper reading it does not count as the tenant reading it
        contact.mark_announcement_read(acting=request.acting, announcement=item, person=person)
    title, body = text_in(item, get_language())
    return render(request, "portal/contact/announcement.html", {
        "announcement": item, "title": title, "body": body, "help": help_contact(request), "nav": "building",
    })
