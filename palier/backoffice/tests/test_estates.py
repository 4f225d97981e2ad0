from django.urls import reverse

from palier import testing as t


def test_an_agent_sees_the_buildings_and_dwellings_of_her_estate(client, sign_in, agent, estate, common_room,
                                                                  tenant_person, tenancy, neighbour_person):
    sign_in(agent)
    listing = client.get(reverse("backoffice:estate-list")).content.decode()
    assert "Cité des Tilleuls" in listing
    page = client.get(reverse("backoffice:estate-detail", args=[estate.pk])).content.decode()
    assert "Bloc A" in page and "Bloc B" in page and "Salle commune" in page
    building = tenancy.dwelling.building
    page = client.get(reverse("backoffice:building-detail", args=[building.pk])).content.decode()
    assert "3B" in page and "2601234 – Benali" in page


def test_an_administrator_sees_tenancy_numbers_but_no_tenant_names(client, sign_in, administrator, tenant_person,
                                                                    tenancy):
    sign_in(administrator)
    page = client.get(reverse("backoffice:building-detail", args=[tenancy.dwelling.building_id])).content.decode()
    assert "2601234" in page
    assert "Benali" not in page


def test_an_agent_of_another_agency_cannot_open_the_estate(client, sign_in, other_agent, estate, building):
    sign_in(other_agent)
    assert client.get(reverse("backoffice:estate-detail", args=[estate.pk])).status_code == 404
    assert client.get(reverse("backoffice:building-detail", args=[building.pk])).status_code == 404


def test_the_building_page_stays_within_ten_queries(client, sign_in, agent, building, django_assert_max_num_queries):
    for _ in range(30):
        _, tenancy = t.household_with_tenancy(t.dwelling(building), name="Household", officer=agent)
    sign_in(agent)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("backoffice:building-detail", args=[building.pk])).content.decode()
    assert page.count("Household") == 30
