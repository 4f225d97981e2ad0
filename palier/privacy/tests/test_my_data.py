"""“My data”: the tenant downloads everything Palier holds about her — and nothing about anyone
else — as JSON and as a PDF; producing it is written in her audit trail."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.rent.tests.rentdocs_helpers import charge, pay
from palier.testing import pdf_text


@pytest.fixture
def amina(client, tenant, tenant_person, tenancy, neighbour_tenancy, neighbour_person, agent):
    tenant_person.national_number = "85073003361"
    tenant_person.save()
    charge(dt.date(2026, 9, 1))
    pay(tenancy, "535.50", dt.date(2026, 9, 3))
    pay(neighbour_tenancy, "777.77", dt.date(2026, 9, 4))
    from palier.audit.services import record
    from palier.core.acting import Acting

    record(Acting(user=agent), "backoffice.tenant_file_viewed", target=tenancy, subject_person_id=tenant_person.pk)
    record(Acting(user=agent), "backoffice.tenant_file_viewed", target=neighbour_tenancy,
           subject_person_id=neighbour_person.pk)
    client.force_login(tenant)
    return client


def test_the_page_says_what_the_download_contains(amina):
    page = amina.get(reverse("portal:my-data")).content.decode()
    assert "Mes données" in page
    assert "Loyer et paiements" in page
    assert reverse("portal:my-data-pdf") in page and reverse("portal:my-data-json") in page


def test_the_json_holds_her_person_tenancy_ledger_and_trail_and_nothing_of_the_neighbour(amina, tenant_person):
    response = amina.get(reverse("portal:my-data-json"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    sections = {s["name"]: s["data"] for s in data["sections"]}
    assert sections["tenancies"]["person"]["national_register_number"] == "85073003361"
    assert sections["tenancies"]["person"]["email"] == "amina.benali@example.org"
    assert sections["tenancies"]["tenancies"][0]["number"] == "2601234"
    assert "-535.50" in [line["amount"] for line in sections["rent"]]
    assert [e["about"] for e in sections["audit"]] == ["2601234"], "her trail, not the neighbour's"
    text = response.content.decode()
    assert "Peeters" not in text and "777.77" not in text and "2605678" not in text


def test_the_pdf_is_readable_in_her_language(amina):
    response = amina.get(reverse("portal:my-data-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Tout ce que Palier sait de vous" in text
    assert "Benali" in text and "2601234" in text
    assert "Peeters" not in text


def test_producing_it_is_in_her_audit_trail(amina, tenant_person):
    amina.get(reverse("portal:my-data-json"))
    assert AuditEvent.objects.filter(action="privacy.data_exported", subject_person_id=tenant_person.pk).count() == 1


def test_staff_produce_it_on_request_from_the_tenant_file(client, agent, tenancy, tenant_person):
    client.force_login(agent)
    url = reverse("backoffice:person-data", kwargs={"pk": tenancy.pk, "person_pk": tenant_person.pk})
    response = client.post(url, {"format": "json"})
    assert json.loads(response.content)["about"] == "Amina Benali"
    event = AuditEvent.objects.get(action="privacy.data_exported")
    assert event.actor == agent and event.for_person_id == tenant_person.pk


def test_staff_of_another_agency_cannot_produce_it(client, other_agent, tenancy, tenant_person):
    client.force_login(other_agent)
    url = reverse("backoffice:person-data", kwargs={"pk": tenancy.pk, "person_pk": tenant_person.pk})
    assert client.post(url, {"format": "json"}).status_code == 404


def test_the_recipe_for_new_apps_is_the_registry():
    from palier.privacy.registry import contributors

    names = [c.name for c in contributors()]
    assert {"tenancies", "rent", "contact", "notifications", "audit"} <= set(names)
