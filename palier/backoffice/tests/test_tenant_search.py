import pytest
from django.urls import reverse

from palier import testing as t


def search(client, q):
    response = client.get(reverse("backoffice:tenant-search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", [
    "Benali", "benali", "amina", "Amina Benali", "2601234", "Rue des Tilleuls 12", "rue des tilleuls, 12",
    "0470 12 34 56", "+32 470 12 34 56",
])
def test_an_agent_finds_amina(client, sign_in, agent, tenant_person, cotenant_person, neighbour_person, query):
    sign_in(agent)
    page = search(client, query)
    assert "2601234" in page, query
    assert "Amina Benali" in page and "Youssef Benali" in page
    assert "Agence Marolles" in page
    if query not in ("Rue des Tilleuls 12", "rue des tilleuls, 12"):
        assert "Peeters" not in page, query


def test_an_agent_finds_a_dwelling_by_its_reference(client, sign_in, agent, tenant_person, tenancy):
    sign_in(agent)
    assert "Amina Benali" in search(client, tenancy.dwelling.reference)


def test_an_agent_finds_the_whole_street(client, sign_in, agent, tenant_person, neighbour_person):
    sign_in(agent)
    page = search(client, "Rue des Érables 3")
    assert "Jan Peeters" in page and "Amina Benali" not in page


def test_an_agent_of_another_agency_does_not_find_amina(client, sign_in, other_agent, tenant_person):
    sign_in(other_agent)
    page = search(client, "Benali")
    assert "Amina" not in page
    assert "No tenant found" in page


def test_an_accountant_finds_tenants_of_every_agency(client, sign_in, accountant, tenant_person):
    sign_in(accountant)
    assert "Amina Benali" in search(client, "2601234")


def test_the_search_page_stays_within_ten_queries(client, sign_in, agent, building, django_assert_max_num_queries):
    for i in range(40):
        _, tenancy = t.household_with_tenancy(t.dwelling(building), name=f"Benali {i}", officer=agent)
        t.person(tenancy.household, "Karim", "Benali", with_account=False)
        t.person(tenancy.household, "Leila", "Benali", with_account=False)
    sign_in(agent)
    with django_assert_max_num_queries(10):
        page = search(client, "benali")
    assert "40 tenancies found" in page
    assert "Page 1 of 2" in page
    with django_assert_max_num_queries(10):
        page = client.get(reverse("backoffice:tenant-search"), {"q": "benali", "page": 2}).content.decode()
    assert page.count("Karim Benali") == 15
