"""Direct debit pages: the tenant and her helper on the portal, staff at the counter, the accountant's
batches."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.rent import direct_debit as debits
from palier.rent.debit_models import BatchState, Mandate, MandateState
from palier.rent.models import LedgerEntry, PaymentChannel

IBAN = "BE68 5390 0754 7034"


def form(**extra):
    return {"account_holder": "Amina Benali", "iban": IBAN, "agree": "on", "secret": t.PASSWORD, **extra}


def test_the_tenant_sets_up_her_direct_debit_from_her_rent_page(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    rent = client.get(reverse("portal:rent")).content.decode()
    assert reverse("portal:debit") in rent
    page = client.get(reverse("portal:debit")).content.decode()
    assert "Payer par domiciliation" in page
    response = client.post(reverse("portal:debit-sign-up"), form())
    assert response.status_code == 302 and response["Location"] == reverse("portal:debit")
    page = client.get(reverse("portal:debit")).content.decode()
    assert "PAL-2601234-001" in page and "7034" in page
    assert "BE68539007547034" not in page


def test_a_wrong_password_shows_the_error_and_sets_up_nothing(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    response = client.post(reverse("portal:debit-sign-up"), form(secret="wrong"))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    from palier.audit.models import AuditEvent as Event

    assert Event.objects.filter(action="accounts.identity_confirmation_failed").count() == 1
    assert not Mandate.objects.exists()


def test_without_ticking_the_box_nothing_is_set_up(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    data = form()
    del data["agree"]
    response = client.post(reverse("portal:debit-sign-up"), data)
    assert "Cochez la case" in response.content.decode()
    assert not Mandate.objects.exists()


def test_the_tenant_stops_her_direct_debit(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    client.post(reverse("portal:debit-sign-up"), form())
    assert "Arrêter la domiciliation" in client.get(reverse("portal:debit-cancel")).content.decode()
    client.post(reverse("portal:debit-cancel"))
    assert Mandate.objects.get().state == MandateState.CANCELLED


def test_a_helper_with_the_rent_scope_sets_up_the_direct_debit_for_amina(client, helper, tenant, tenant_person,
                                                                         tenancy):
    from palier.mandates import services as mandates

    mandate = mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                                     scopes=["rent"], duration="month")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": mandate.tenant_id})
    response = client.post(reverse("portal:debit-sign-up"), form())
    assert response.status_code == 302
    signed = Mandate.objects.get(tenancy=tenancy)
    assert signed.signed_by == tenant_person
    event = AuditEvent.objects.get(action="rent.mandate_signed")
    assert event.actor_id == helper.pk and event.for_person_id == tenant_person.pk


def test_a_helper_without_the_rent_scope_gets_nothing(client, helper, tenant, tenant_person, tenancy):
    from palier.mandates import services as mandates

    mandate = mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                                     scopes=["messages"], duration="month")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": mandate.tenant_id})
    assert client.get(reverse("portal:debit")).status_code == 404
    assert client.post(reverse("portal:debit-sign-up"), form()).status_code == 404
    assert not Mandate.objects.exists()


def test_an_agent_sets_up_a_direct_debit_at_the_counter(client, agent, tenancy, tenant_person):
    client.force_login(agent)
    url = reverse("backoffice:debit-mandate-new", kwargs={"pk": tenancy.pk})
    response = client.post(url, {"signatory": str(tenant_person.pk), "account_holder": "Amina Benali", "iban": IBAN,
                                 "signed_paper": "on", "secret": t.PASSWORD})
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert mandate.channel == "counter"
    assert mandate.signed_by == tenant_person
    page = client.get(reverse("backoffice:debit-mandates")).content.decode()
    assert mandate.reference in page


def test_an_agent_of_another_agency_cannot_open_aminas_direct_debit(client, other_agent, tenancy):
    client.force_login(other_agent)
    assert client.get(reverse("backoffice:debit-mandate-new", kwargs={"pk": tenancy.pk})).status_code == 404


def test_the_accountant_prepares_downloads_and_closes_a_batch(client, accountant, tenant, tenant_person, tenancy):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        debits.sign_mandate(acting=Acting(user=tenant), tenancy=tenancy, account_holder="Amina Benali", iban=IBAN,
                            secret=t.PASSWORD, signatory=tenant_person)
        client.force_login(accountant)
        response = client.post(reverse("backoffice:debit-batches"), {"due_on": "2026-11-22"})
        assert "au moins 5 jours" in response.content.decode()
        response = client.post(reverse("backoffice:debit-batches"), {"due_on": "2026-12-01"})
        batch_url = response["Location"]
        page = client.get(batch_url).content.decode()
        assert "535,50" in page.replace("\u202f", " ").replace("\xa0", " ")
        pk = int(batch_url.rstrip("/").split("/")[-1])
        file_url = reverse("backoffice:debit-batch-file", kwargs={"pk": pk})
        first = client.get(file_url)
        assert first["Content-Type"] == "application/xml"
        assert b"pain.008.001.02" in first.content
        assert client.get(file_url).content == first.content
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(accountant)  # a new day, a new session
        client.post(reverse("backoffice:debit-batch-collected", kwargs={"pk": pk}))
    assert LedgerEntry.objects.get(tenancy=tenancy, channel=PaymentChannel.DIRECT_DEBIT).amount < 0
    from palier.rent.debit_models import DebitBatch

    assert DebitBatch.objects.get(pk=pk).state == BatchState.COLLECTED


def test_an_agent_has_no_batches(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:debit-batches")).status_code == 404


@pytest.mark.parametrize("persona", ["tenant", "cotenant"])
def test_every_adult_of_the_household_sees_the_direct_debit(client, request, persona, tenancy, tenant_person,
                                                            cotenant_person):
    debits.sign_mandate(acting=Acting(user=tenant_person.user), tenancy=tenancy, account_holder="Amina Benali",
                        iban=IBAN, secret=t.PASSWORD, signatory=tenant_person)
    client.force_login(request.getfixturevalue(persona))
    assert "7034" in client.get(reverse("portal:debit")).content.decode()
