"""The help block names the officer and agency of the tenant the page serves: the tenant signed
in, or the tenant a helper or a staff member acts for; in the same place on every tenant page."""

import pytest
from django.urls import reverse

from palier.core.acting import Acting
from palier.mandates import services as mandates

pytestmark = pytest.mark.django_db

CALL_ME_BACK = "Demander à être rappelé"


def _help_block(page: str) -> str:
    start = page.index('<aside class="help-block"')
    return page[start:page.index("</aside>", start)]


def _act_for(client, helper, tenant, tenant_person, scopes):
    mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper, scopes=scopes,
                           duration="month")
    client.force_login(helper)
    assert client.post(reverse("portal:act-for"), {"person": tenant_person.pk}).status_code == 302


def test_a_helper_acting_for_a_tenant_sees_that_tenants_officer_and_agency(client, helper, tenant, tenant_person,
                                                                           agency):
    _act_for(client, helper, tenant, tenant_person, ["rent", "messages"])
    for name in ("portal:home", "portal:rent", "portal:callback"):
        block = _help_block(client.get(reverse(name)).content.decode())
        assert "La personne de contact de Amina Benali est Nadia Haddad." in block, name
        assert agency.name in block and agency.phone in block
        assert reverse("portal:callback") in block and CALL_ME_BACK in block


def test_without_the_messages_scope_the_helper_sees_the_officer_but_no_call_back_link(client, helper, tenant,
                                                                                      tenant_person, agency):
    _act_for(client, helper, tenant, tenant_person, ["repairs"])
    block = _help_block(client.get(reverse("portal:repairs")).content.decode())
    assert "Nadia Haddad" in block and agency.name in block
    assert CALL_ME_BACK not in block
    assert client.get(reverse("portal:callback")).status_code == 404


def test_a_helper_acting_for_nobody_sees_the_general_contacts(client, helper, landlord):
    client.force_login(helper)
    block = _help_block(client.get(reverse("portal:home")).content.decode())
    assert "Nadia Haddad" not in block and CALL_ME_BACK not in block


def test_staff_acting_at_the_counter_see_the_tenants_officer(client, manager, tenancy, tenant_person, agency):
    client.force_login(manager)
    client.post(reverse("backoffice:act-for-tenant", kwargs={"pk": tenancy.pk}),
                {"person": tenant_person.pk, "channel": "counter"})
    block = _help_block(client.get(reverse("portal:home")).content.decode())
    assert "La personne de contact de Amina Benali est Nadia Haddad." in block and agency.name in block


def test_the_tenant_herself_reads_your_contact_person(client, tenant, agency):
    client.force_login(tenant)
    block = _help_block(client.get(reverse("portal:rent")).content.decode())
    assert "Votre personne de contact est Nadia Haddad." in block and agency.name in block
