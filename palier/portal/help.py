"""What the tenant pages (web portal and kiosk) show around the content.

`help_contact` feeds the help block shown in the same place on every tenant page: the named
housing officer, their phone, the agency's opening hours and address. They are those of the
person the page serves: the signed-in tenant, or the tenant a helper (or a staff member at the
counter) acts for. On a kiosk before anyone signs in, the agency is the one of the kiosk's estate.

`home_summary` feeds the home page of both front ends, so that the portal and the kiosk say the
same thing: what do I owe, what is happening with my home, who is my contact.
"""

from django.urls import reverse
from django.utils.translation import get_language

from palier.accounts.models import Role
from palier.contact.queries import announcements_for_tenancy, shown_in
from palier.estates.models import Landlord
from palier.mandates.scopes import Scope
from palier.rent.queries import balance_of
from palier.tenancies.models import Person
from palier.tenancies.queries import current_tenancy_of, person_of


def help_contact(request) -> dict:
    """Computed once per request, however many parts of the page ask."""
    if not hasattr(request, "_palier_help"):
        request._palier_help = _help_contact(request)
    return request._palier_help


def _served(request):
    """(person, may ask for a call-back): the tenant signed in, or the tenant acted for (see
    palier.portal.served). The help block names their officer whatever the helper's scopes; the
    call-back link needs the messages scope, like the call-back page itself."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, False
    if user.role == Role.TENANT:
        person = person_of(user)
        return person, person is not None
    acting = getattr(request, "acting", None)
    person = getattr(acting, "for_person", None) if acting is not None else None
    if person is None:
        return None, False
    grant = getattr(request, "palier_grant", None)
    return person, grant is not None and str(Scope.MESSAGES) in grant.scopes


def _help_contact(request) -> dict:
    person, may_call_back = _served(request)
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
        "acting_for": person if request.user.role != Role.TENANT else None,
        "callback_url": _callback_url(request) if may_call_back else "",
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
