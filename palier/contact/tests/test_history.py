"""The household's contact history: every channel in one timeline."""

import pytest
from django.urls import reverse

from palier.contact.conversations import start_conversation
from palier.contact.history import contact_timeline, log_contact
from palier.contact.services import close_callback, request_callback
from palier.core.acting import Acting
from palier.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_calls_messages_call_backs_and_actions_on_behalf_are_in_one_timeline(
    agent, tenant, tenant_person, cotenant_person, tenancy
):
    log_contact(acting=Acting(user=agent), tenancy=tenancy, person=tenant_person, channel="phone",
                summary="Appel au sujet du chauffage.")
    start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="repair", body="Le chauffage est froid.")
    callback = request_callback(acting=Acting(user=tenant), person=tenant_person, phone="0470 12 34 56", when="any")
    close_callback(acting=Acting(user=agent).on_behalf_of(tenant_person, channel="phone"), callback=callback,
                   note="Technicien envoyé.")
    timeline = contact_timeline(tenancy, [tenant_person, cotenant_person])
    texts = " | ".join(f"{e.channel}: {e.text} {e.detail}" for e in timeline)
    assert "Appel au sujet du chauffage." in texts
    assert "Le chauffage est froid." in texts
    assert "Technicien envoyé." in texts
    assert "Rappel effectué" in texts or "Call-back made" in texts
    assert timeline == sorted(timeline, key=lambda e: e.at, reverse=True)


def test_an_empty_contact_is_refused(agent, tenancy):
    with pytest.raises(DomainError):
        log_contact(acting=Acting(user=agent), tenancy=tenancy, channel="phone", summary="  ")


def test_an_agent_writes_down_a_visit_from_the_file(client, agent, tenant_person, tenancy):
    client.force_login(agent)
    url = reverse("backoffice:contact-history", args=[tenancy.pk])
    response = client.post(url, {"channel": "counter", "person": tenant_person.pk, "inbound": "on",
                                 "summary": "Est passée déposer son attestation."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Est passée déposer son attestation." in page and "Visite au guichet" in page


def test_the_history_page_costs_the_same_queries_however_long_the_history(
    client, agent, tenant, tenant_person, tenancy, django_assert_max_num_queries
):
    client.force_login(agent)
    url = reverse("backoffice:contact-history", args=[tenancy.pk])
    client.get(url)
    for i in range(15):
        log_contact(acting=Acting(user=agent), tenancy=tenancy, channel="phone", summary=f"Appel {i}")
        start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body=f"Message {i}")
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_an_accountant_reads_the_history_but_does_not_write_in_it(client, accountant, tenancy):
    client.force_login(accountant)
    url = reverse("backoffice:contact-history", args=[tenancy.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"channel": "phone", "summary": "x"}).status_code == 404
