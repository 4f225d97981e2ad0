from django.urls import reverse


def test_an_agent_sees_how_many_households_her_agencies_have(client, sign_in, agent, tenant_person, cotenant_person,
                                                              neighbour_person, django_assert_max_num_queries):
    sign_in(agent)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("backoffice:home")).content.decode()
    assert "Households in your agencies." in page
    assert '<p class="card__figure">2</p>' in page


def test_an_agent_of_another_agency_counts_none_of_them(client, sign_in, other_agent, tenant_person, neighbour_person):
    sign_in(other_agent)
    assert '<p class="card__figure">0</p>' in client.get(reverse("backoffice:home")).content.decode()


def test_a_technician_is_told_what_the_back_office_holds_for_him(client, sign_in, technician, tenant_person):
    sign_in(technician)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "repair requests assigned to you" in page
    assert "Households" not in page


def test_an_administrator_sees_configuration_only(client, sign_in, administrator, agent, kiosk_device,
                                                  django_assert_max_num_queries):
    sign_in(administrator)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("backoffice:home")).content.decode()
    assert "See the staff accounts" in page and "See the kiosks" in page and "Change the settings" in page
    assert "You do not open tenant files." in page
