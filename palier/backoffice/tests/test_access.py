"""Who gets into which back-office page. Out of reach is a 404, never a 403."""

import pytest
from django.urls import reverse

PAGES = ["home", "tenant-search", "estate-list", "staff-list", "kiosk-list", "landlord-settings"]
EXPECTED = {
    # persona: pages that answer 200; every other page answers 404
    "agent": {"home", "tenant-search", "estate-list"},
    "manager": {"home", "tenant-search", "estate-list", "staff-list", "kiosk-list"},
    "accountant": {"home", "tenant-search", "estate-list"},
    "technician": {"home"},
    "inclusion_officer": {"home"},
    "administrator": {"home", "estate-list", "staff-list", "kiosk-list", "landlord-settings"},
    "tenant": set(),
    "helper": set(),
    "contractor": set(),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_opens_only_its_back_office_pages(client, request, persona, landlord):
    client.force_login(request.getfixturevalue(persona))
    for page in PAGES:
        status = client.get(reverse(f"backoffice:{page}")).status_code
        assert status == (200 if page in EXPECTED[persona] else 404), (persona, page, status)


def test_a_signed_out_visitor_is_sent_to_the_staff_sign_in(client):
    response = client.get(reverse("backoffice:tenant-search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


def test_an_agent_of_another_agency_cannot_open_aminas_file(client, other_agent, tenant_person, tenancy):
    client.force_login(other_agent)
    assert client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).status_code == 404


def test_an_administrator_cannot_open_a_tenant_file(client, administrator, tenant_person, tenancy):
    client.force_login(administrator)
    assert client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["agent", "manager", "accountant"])
def test_staff_with_reach_open_aminas_file(client, sign_in, request, persona, tenant_person, tenancy):
    sign_in(request.getfixturevalue(persona))
    response = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk]))
    assert response.status_code == 200
    assert "Amina Benali" in response.content.decode()


@pytest.mark.parametrize("persona", ["tenant", "helper", "contractor", "technician"])
def test_people_without_reach_get_a_404_on_aminas_file(client, request, persona, tenant_person, tenancy, helper):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).status_code == 404


def test_a_manager_cannot_change_staff_accounts(client, manager, agent):
    client.force_login(manager)
    assert client.get(reverse("backoffice:staff-create")).status_code == 404
    assert client.get(reverse("backoffice:staff-edit", args=[agent.pk])).status_code == 404


def test_the_menu_shows_only_what_the_role_can_open(client, sign_in, administrator, landlord):
    sign_in(administrator)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "Landlord settings" in page and "Kiosks" in page
    assert reverse("backoffice:tenant-search") not in page
    assert "Foyer Démo" in page and "Alice Verbeke" in page
