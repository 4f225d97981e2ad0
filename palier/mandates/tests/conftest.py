import pytest

from palier.core.acting import Acting
from palier.mandates import services


@pytest.fixture
def mandate(tenant, tenant_person, helper):
    """Amina lets Sophie see her rent and ask for call-backs for a month."""
    return services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                                  scopes=["rent", "messages"], duration="month")


@pytest.fixture
def sophie_acting(client, helper, mandate):
    """Sophie, signed in, acting for Amina."""
    from django.urls import reverse

    client.force_login(helper)
    response = client.post(reverse("portal:act-for"), {"person": mandate.tenant_id})
    assert response.status_code == 302
    return client
