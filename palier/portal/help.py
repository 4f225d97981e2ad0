"""The help block shown in the same place on every tenant page: the named housing officer,
their phone, the agency's opening hours and address."""

from palier.estates.models import Landlord
from palier.tenancies.queries import current_tenancy_of, person_of


def help_contact(request) -> dict:
    person = person_of(getattr(request, "user", None))
    tenancy = current_tenancy_of(person) if person else None
    landlord = Landlord.current()
    if tenancy is None:
        return {"landlord": landlord, "agency": None, "officer": None, "hours": []}
    agency = tenancy.dwelling.building.estate.agency
    return {
        "landlord": landlord,
        "agency": agency,
        "officer": tenancy.housing_officer,
        "hours": list(agency.opening_hours.all()),
        "tenancy": tenancy,
        "person": person,
    }
