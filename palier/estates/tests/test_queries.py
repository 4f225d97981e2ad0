import pytest
from django.http import Http404

from palier import testing as t
from palier.core.acting import Acting
from palier.estates.queries import estates_for, get_building_for, get_estate_for, kiosks_for


@pytest.fixture
def other_estate(other_agency):
    return t.estate(other_agency, name="Cité Josaphat")


def test_an_agent_sees_the_estates_of_her_agency_only(agent, estate, other_estate, building):
    t.dwelling(building)
    estates = list(estates_for(agent))
    assert estates == [estate]
    assert (estates[0].building_count, estates[0].dwelling_count) == (1, 1)
    with pytest.raises(Http404):
        get_estate_for(Acting(user=agent), other_estate.pk)


def test_accountants_and_administrators_see_every_estate(accountant, administrator, estate, other_estate):
    assert set(estates_for(accountant)) == {estate, other_estate}
    assert set(estates_for(administrator)) == {estate, other_estate}


def test_a_technician_sees_no_estate_here(technician, estate, building):
    assert list(estates_for(technician)) == []
    with pytest.raises(Http404):
        get_building_for(Acting(user=technician), building.pk)


def test_a_manager_looks_after_the_kiosks_of_his_agency(manager, other_agent, kiosk_device):
    assert list(kiosks_for(manager)) == [kiosk_device]
    assert list(kiosks_for(other_agent)) == []
