import datetime as dt

from palier import testing as t
from palier.tenancies.models import Tenancy
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


def test_a_page_of_results_carries_the_total_without_a_second_count(agent, tenancy, building, django_assert_num_queries):
    from palier.tenancies.search import search_page

    for n in range(5):
        t.household_with_tenancy(t.dwelling(building), name=f"Benali {n}", number=f"27000{n:02d}")
    for n in range(5):
        h = Tenancy.objects.get(number=f"27000{n:02d}").household
        t.person(h, "Karim", "Benali", with_account=False)
    t.person(tenancy.household, "Amina", "Benali", with_account=False)
    with django_assert_num_queries(3):  # agencies of the agent, the page with its count, the persons
        first = search_page(agent, "benali", 1, per_page=4)
    assert first.paginator.count == 6 and first.paginator.num_pages == 2
    assert len(first.object_list) == 4 and first.has_next()
    last = search_page(agent, "benali", 2, per_page=4)
    assert len(last.object_list) == 2 and not last.has_next()
    beyond = search_page(agent, "benali", 9, per_page=4)
    assert beyond.number == 2
    assert search_page(agent, "nobody-by-that-name", 1).paginator.count == 0
