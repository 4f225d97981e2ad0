import datetime as dt

from palier import testing as t
from palier.tenancies.search import search_tenancies


def numbers(user, query):
    return [tenancy.number for tenancy in search_tenancies(user, query)]


def test_an_address_with_a_box_number_finds_one_dwelling(agent, tenant_person, building):
    _, upstairs = t.household_with_tenancy(t.dwelling(building, unit="4A"), name="Haut", number="2609999")
    assert numbers(agent, "Rue des Tilleuls 12 bte 3B") == ["2601234"]
    assert set(numbers(agent, "rue des tilleuls 12")) == {"2601234", "2609999"}
    assert numbers(agent, "Tilleuls 12/4a") == ["2609999"]


def test_first_and_last_name_must_belong_to_the_same_person(agent, tenant_person, cotenant_person):
    assert numbers(agent, "Amina Benali") == ["2601234"]
    assert numbers(agent, "Youssef Peeters") == []


def test_a_current_tenancy_is_listed_before_an_ended_one(agent, tenant_person, building):
    _, old = t.household_with_tenancy(t.dwelling(building), name="Benali (ancien)", number="2500001",
                                      start=dt.date(2010, 1, 1))
    old.end_date = dt.date(2018, 12, 31)
    old.save()
    t.person(old.household, "Karim", "Benali", with_account=False)
    assert numbers(agent, "Benali") == ["2601234", "2500001"]


def test_nothing_is_found_for_roles_without_tenant_files(administrator, technician, tenant, tenant_person):
    for user in (administrator, technician, tenant):
        assert numbers(user, "Benali") == []
