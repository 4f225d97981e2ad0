"""What the tenant pages (web portal and kiosk) show around the content.

`help_contact` feeds the help block shown in the same place on every tenant page: the named
housing officer, their phone, the agency's opening hours and address. On a kiosk before anyone
signs in, the agency is the one of the kiosk's estate.

`home_summary` feeds the home page of both front ends, so that the portal and the kiosk say the
same thing: what do I owe, what is happening with my home, who is my contact.
"""

from django.urls import reverse
from django.utils.translation import get_language

from palier.contact.queries import announcements_for_tenancy, shown_in
from palier.estates.models import Landlord
from palier.rent.queries import balance_of
from palier.tenancies.models import Person
from palier.tenancies.queries import current_tenancy_of, person_of


def help_contact(request) -> dict:
    """Computed once per request, however many parts of the page ask."""
    if not hasattr(request, "_palier_help"):
        request._palier_help = _help_contact(request)
    return request._palier_help


def _help_contact(request) -> dict:
    person = person_of(getattr(request, "user", None))
    tenancy = current_tenancy_of(person) if person else None
    landlord = Landlord.current()
    if tenancy is None:
        kiosk = getattr(request, "kiosk", None)
        agency = kiosk.estate.agency if kiosk is not None else None
        return {
            "landlord": landlord,
            "agency": agency,
            "officer": None,
            "hours": list(agency.opening_hours.all()) if agency else [],
            "person": person,
        }
    agency = tenancy.dwelling.building.estate.agency
    return {
        "landlord": landlord,
        "agency": agency,
        "officer": tenancy.housing_officer,
        "hours": list(agency.opening_hours.all()),
        "tenancy": tenancy,
        "person": person,
        "callback_url": _callback_url(request),
    }


def _callback_url(request) -> str:
    """Where the signed-in tenant asks to be called back, in the front end they are using."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "kiosk":
        return reverse("kiosk:callback")
    return reverse("portal:callback")


def home_summary(person) -> dict:
    """The household's current tenancy and its members, for the home cards."""
    tenancy = current_tenancy_of(person)
    members = list(Person.objects.filter(household_id=person.household_id)) if person else []
    balance = balance_of(tenancy) if tenancy else None
    credit = -balance if balance is not None else None
    news = shown_in(announcements_for_tenancy(tenancy), get_language())
    return {"person": person, "tenancy": tenancy, "members": members, "balance": balance, "credit": credit,
            "announcements": news}
