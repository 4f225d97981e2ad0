import datetime as dt

import pytest

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.estates.models import Landlord
from palier.estates.services import iban_is_valid, set_staff_agencies, update_agency, update_landlord


@pytest.mark.parametrize("iban", ["BE71096123456769", "BE68539007547034", "be68 5390 0754 7034", "FR1420041010050500013M02606"])
def test_a_valid_iban_passes_the_check(iban):
    assert iban_is_valid(iban)


@pytest.mark.parametrize("iban", ["BE71096123456768", "BE6853900754703", "", "1234", "BE68-5390-0754-70X4"])
def test_a_wrong_iban_fails_the_check(iban):
    assert not iban_is_valid(iban)


def test_changing_the_iban_is_audited_with_the_last_four_digits_only(landlord, administrator):
    acting = Acting(user=administrator)
    update_landlord(acting=acting, landlord=landlord, expected_version=landlord.version,
                    changes={"iban": "BE68 5390 0754 7034"})
    landlord.refresh_from_db()
    assert landlord.iban == "BE68539007547034"
    event = AuditEvent.objects.get(action="estates.landlord_updated")
    assert event.data["iban"] == {"old_last4": "6769", "new_last4": "7034"}
    assert "539007547034" not in str(event.data)


def test_a_wrong_iban_is_refused_and_nothing_is_saved(landlord, administrator):
    with pytest.raises(DomainError) as refused:
        update_landlord(acting=Acting(user=administrator), landlord=landlord, expected_version=landlord.version,
                        changes={"iban": "BE71096123456768"})
    assert refused.value.field == "iban"
    assert Landlord.objects.get().iban == "BE71096123456769"
    assert not AuditEvent.objects.filter(action="estates.landlord_updated").exists()


def test_the_second_of_two_editors_is_told_someone_else_changed_the_landlord(landlord, administrator):
    version = landlord.version
    update_landlord(acting=Acting(user=administrator), landlord=Landlord.objects.get(), expected_version=version,
                    changes={"phone": "+32 2 555 01 01"})
    with pytest.raises(StaleEdit):
        update_landlord(acting=Acting(user=administrator), landlord=Landlord.objects.get(), expected_version=version,
                        changes={"phone": "+32 2 555 01 02"})
    assert Landlord.objects.get().phone == "+32 2 555 01 01"


def test_an_agency_gets_new_opening_hours(agency, administrator):
    update_agency(acting=Acting(user=administrator), agency=agency, expected_version=agency.version,
                  changes={"phone": "+32 2 555 01 12"}, opening_hours=[(0, dt.time(8), dt.time(12))])
    agency.refresh_from_db()
    assert agency.phone == "+32 2 555 01 12"
    assert [(h.weekday, h.opens, h.closes) for h in agency.opening_hours.all()] == [(0, dt.time(8), dt.time(12))]
    event = AuditEvent.objects.get(action="estates.agency_updated")
    assert event.data["fields"] == ["phone", "opening_hours"]


def test_an_agency_cannot_close_before_it_opens(agency, administrator):
    with pytest.raises(DomainError):
        update_agency(acting=Acting(user=administrator), agency=agency, expected_version=agency.version,
                      changes={}, opening_hours=[(0, dt.time(12), dt.time(9))])
    assert agency.opening_hours.count() == 6


def test_a_staff_member_is_moved_to_another_agency(agent, agency, other_agency, administrator):
    set_staff_agencies(acting=Acting(user=administrator), user=agent, agencies=[other_agency])
    assert list(agent.agencies.all()) == [other_agency]
    event = AuditEvent.objects.get(action="estates.staff_agencies_set")
    assert event.data == {"added": [other_agency.pk], "removed": [agency.pk]}
