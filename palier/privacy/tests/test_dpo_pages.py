"""The national register number is shown on request and each reading is audited; the
administrator keeps the retention table, the register of processing activities and the breach
register."""

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.privacy.models import Breach, RetentionRule


@pytest.fixture
def numbered(tenant_person):
    tenant_person.national_number = "85073003361"
    tenant_person.save()
    return tenant_person


def test_the_national_number_appears_only_after_a_click_and_the_reading_is_audited(client, agent, tenancy, numbered):
    client.force_login(agent)
    url = reverse("backoffice:national-number", kwargs={"pk": tenancy.pk, "person_pk": numbered.pk})
    assert "85073003361" not in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(action="audit.sensitive_read").exists()
    assert "85073003361" in client.post(url).content.decode()
    event = AuditEvent.objects.get(action="audit.sensitive_read")
    assert (event.actor, event.subject_person_id, event.data) == (agent, numbered.pk, {"field": "national_number"})


def test_the_number_of_a_file_out_of_reach_is_not_found(client, other_agent, tenancy, numbered):
    client.force_login(other_agent)
    url = reverse("backoffice:national-number", kwargs={"pk": tenancy.pk, "person_pk": numbered.pk})
    assert client.post(url).status_code == 404


def test_the_administrator_changes_a_retention_period(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("backoffice:privacy-retention")).content.decode()
    assert "Dossier du bail" in page
    rule = RetentionRule.objects.get(category="repair_photos")
    client.post(reverse("backoffice:privacy-retention"), {"rule": rule.pk, "months": "36"})
    rule.refresh_from_db()
    assert rule.months == 36
    assert AuditEvent.objects.filter(action="privacy.retention_rule_changed").exists()


def test_the_administrator_runs_the_table_and_reads_the_report(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("backoffice:privacy-retention-run"), follow=True)
    assert "identities of former tenants redacted" in response.content.decode()


def test_the_register_of_processing_activities_lists_rent_and_repairs(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("backoffice:privacy-register")).content.decode()
    assert "Registre des traitements" in page


def test_a_breach_is_recorded_in_the_register(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("backoffice:privacy-breach-new"), {
        "detected_at": "2026-11-20T10:00", "description": "Lettre envoyée à la mauvaise adresse",
        "data_concerned": "nom, montant dû", "people_affected": "1",
    })
    assert response.status_code == 302
    assert Breach.objects.get().recorded_by == administrator
    assert "mauvaise adresse" in client.get(reverse("backoffice:privacy-breaches")).content.decode()


def test_an_agent_has_no_data_protection_pages(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:privacy-retention")).status_code == 404
