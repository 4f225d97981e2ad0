import datetime as dt
import html

import pytest
from django.urls import reverse

from palier import testing as t
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.tenancies.models import HouseholdRole
from palier.tenancies.services import issue_activation


@pytest.fixture
def child(tenancy):
    person = t.person(tenancy.household, "Adam", "Benali", role=HouseholdRole.OCCUPANT, with_account=False)
    person.birth_date = dt.date.today().replace(year=dt.date.today().year - 9)
    person.save()
    return person


def test_a_child_of_the_household_gets_no_account(agent, child):
    with pytest.raises(DomainError):
        issue_activation(acting=Acting(user=agent), person=child, method="letter")
    child.refresh_from_db()
    assert child.user is None


def test_the_tenant_file_offers_no_activation_letter_for_a_child(client, agent, tenancy, tenant_person, child):
    client.force_login(agent)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert reverse("backoffice:activation-letter", args=[tenancy.pk, child.pk]) not in page
    response = client.post(reverse("backoffice:activation-letter", args=[tenancy.pk, child.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("backoffice:tenant-detail", args=[tenancy.pk])
    assert "Seuls les adultes du ménage peuvent avoir un compte." in html.unescape(response.content.decode())
    child.refresh_from_db()
    assert child.user is None
