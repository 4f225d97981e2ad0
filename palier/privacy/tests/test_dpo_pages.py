"""The national register number is shown on request and each reading is audited; the
data-protection officer keeps the retention table, the register of processing activities, the
breach register and the register of people's requests; the administrator has none of them."""

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


def test_the_dpo_changes_a_retention_period(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("backoffice:privacy-retention")).content.decode()
    assert "Dossier du bail" in page
    rule = RetentionRule.objects.get(category="repair_photos")
    client.post(reverse("backoffice:privacy-retention"), {"rule": rule.pk, "months": "36"})
    rule.refresh_from_db()
    assert rule.months == 36
    assert AuditEvent.objects.filter(action="privacy.retention_rule_changed").exists()


def test_the_dpo_runs_the_table_and_reads_the_report(client, dpo):
    client.force_login(dpo)
    response = client.post(reverse("backoffice:privacy-retention-run"), follow=True)
    assert "identities of former tenants redacted" in response.content.decode()


def test_the_register_of_processing_activities_lists_rent_and_repairs(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("backoffice:privacy-register")).content.decode()
    assert "Registre des traitements" in page


def test_a_breach_is_recorded_in_the_register(client, dpo):
    client.force_login(dpo)
    response = client.post(reverse("backoffice:privacy-breach-new"), {
        "detected_at": "2026-11-20T10:00", "description": "Lettre envoyée à la mauvaise adresse",
        "data_concerned": "nom, montant dû", "people_affected": "1",
    })
    assert response.status_code == 302
    assert Breach.objects.get().recorded_by == dpo
    assert "mauvaise adresse" in client.get(reverse("backoffice:privacy-breaches")).content.decode()


def test_an_agent_has_no_data_protection_pages(client, agent):
    client.force_login(agent)
    assert client.get(reverse("backoffice:privacy-retention")).status_code == 404


def test_the_administrator_has_no_data_protection_pages(client, administrator):
    client.force_login(administrator)
    for name in ("privacy-retention", "privacy-register", "privacy-breaches", "privacy-breach-new", "privacy-requests"):
        assert client.get(reverse(f"backoffice:{name}")).status_code == 404, name
    assert client.post(reverse("backoffice:privacy-retention-run")).status_code == 404


def test_the_dpo_sees_the_data_protection_menu_and_not_the_settings(client, dpo):
    client.force_login(dpo)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:privacy-retention") in page
    assert reverse("backoffice:landlord-settings") not in page
    assert reverse("backoffice:staff-list") not in page


def test_the_dpo_has_no_tenant_file(client, dpo, tenancy, tenant_person):
    client.force_login(dpo)
    assert client.get(reverse("backoffice:tenant-detail", kwargs={"pk": tenancy.pk})).status_code == 404
    url = reverse("backoffice:national-number", kwargs={"pk": tenancy.pk, "person_pk": tenant_person.pk})
    assert client.post(url).status_code == 404


def test_the_dpo_reads_the_erasure_and_export_requests(client, agent, dpo, tenancy, tenant_person, neighbour_person):
    from palier.core.acting import Acting
    from palier.privacy import services

    services.erase_on_request(acting=Acting(user=agent).on_behalf_of(neighbour_person), person=neighbour_person)
    services.export_person(acting=Acting(user=agent).on_behalf_of(tenant_person), person=tenant_person)
    client.force_login(dpo)
    page = client.get(reverse("backoffice:privacy-requests")).content.decode()
    assert "Demandes des personnes" in page
    assert "Jan Peeters" in page  # the erasure, and what was kept (the ledger) with why
    assert "Amina Benali" in page and "Nadia Haddad" in page  # the copy of her data, and who produced it


def test_the_dpo_needs_a_second_factor(dpo, settings):
    from palier.accounts import second_factor

    settings.PALIER_REQUIRE_2FA = True
    assert second_factor.missing_for(dpo) == "setup"


def test_security_logs_are_kept_6_to_12_months_on_the_retention_page(client, dpo):
    from palier.privacy import services

    services.ensure_retention_rules()
    client.force_login(dpo)
    rule = RetentionRule.objects.get(category="security_logs")
    response = client.post(reverse("backoffice:privacy-retention"), {"rule": rule.pk, "months": "36"}, follow=True)
    assert "Les journaux de sécurité sont gardés entre 6 et 12 mois." in response.content.decode()
    assert RetentionRule.objects.get(pk=rule.pk).months == 12
    client.post(reverse("backoffice:privacy-retention"), {"rule": rule.pk, "months": "6"})
    assert RetentionRule.objects.get(pk=rule.pk).months == 6
