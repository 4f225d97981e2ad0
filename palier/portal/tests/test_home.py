import html

from django.urls import reverse


def text(response):
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def test_the_home_page_shows_rent_and_charges_separately(client, tenant, tenancy):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert "450,50\xa0€" in page
    assert "85,00\xa0€" in page
    assert "535,50\xa0€" in page
    assert "Vous ne devez rien." in page  # no rent charged yet
    assert "Pour toute question sur votre loyer, appelez le +32 2 555 01 10." in page


def test_the_home_page_names_the_housing_officer_with_her_phone(client, tenant, tenancy):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert "Nadia Haddad" in page
    assert "+32 2 555 01 11" in page
    assert "Rue Haute 100, 1000 Bruxelles" in page


def test_the_home_page_gives_the_tenancy_number_and_the_structured_communication(client, tenant, tenancy):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert "Rue des Tilleuls 12 bte 3B, 1000 Bruxelles" in page
    assert tenancy.number in page
    assert tenancy.payment_reference in page


def test_the_home_page_says_how_to_report_a_problem_and_has_no_invented_news(client, tenant, tenancy):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert ("Pour signaler maintenant un problème dans votre logement, appelez votre agence au "
            "+32 2 555 01 10.") in page
    assert "You have no open request" not in page
    assert "aucune demande en cours" not in page
    assert "Pas d'actualités pour votre immeuble en ce moment." in page
    assert "+32 2 555 09 99" in page


def test_a_cotenant_sees_the_same_household(client, cotenant, tenant, tenancy):
    client.force_login(cotenant)
    page = text(client.get(reverse("portal:home")))
    assert "Dag Youssef" in page  # Dutch, his language
    assert "€\xa0450,50" in page  # in Dutch, his language
    assert tenancy.payment_reference in page
    assert "Nadia Haddad" in page


def test_a_helper_sees_where_her_mandates_will_appear(client, helper):
    client.force_login(helper)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Aucun locataire ne vous a donné de mandat, ou vos mandats sont terminés." in text(response)


def test_a_staff_member_is_sent_to_the_back_office(client, agent):
    client.force_login(agent)
    assert client.get(reverse("portal:home"))["Location"] == reverse("backoffice:home")


def test_the_help_block_and_the_menu_are_on_every_tenant_page(client, tenant, tenancy):
    client.force_login(tenant)
    for name in ("portal:home", "portal:profile", "portal:contact-preferences", "portal:language",
                 "portal:accessibility"):
        page = text(client.get(reverse(name)))
        assert 'id="help-title"' in page, name
        assert "Foyer Démo" in page, name  # the landlord's short name in the header
        assert reverse("portal:profile") in page, name


def test_the_accessibility_statement_names_its_target_and_how_to_report_a_problem(client, landlord):
    page = text(client.get(reverse("portal:accessibility")))
    assert "WCAG" in page and "2.2" in page
    assert "EN 301 549" in page
    assert "axe-core" in page
    assert "320 pixels" in page
    assert "contact@foyer-demo.example" in page
    assert "+32 2 555 01 00" in page
    assert "2026" in page
