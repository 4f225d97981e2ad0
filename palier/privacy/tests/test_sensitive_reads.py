"""Reading a tenant's IBAN or national register number in the back office is audited, or the
value is never shown in full (the national number: see test_dpo_pages.py)."""

from django.urls import reverse

from palier.audit.models import AuditEvent


def test_the_back_office_shows_a_tenants_direct_debit_iban_masked_only(client, accountant, debit_batch):
    client.force_login(accountant)
    for url in (reverse("backoffice:debit-mandates"), reverse("backoffice:debit-batch", kwargs={"pk": debit_batch.pk})):
        page = client.get(url).content.decode()
        assert "BE68539007547034" not in page and "BE68 5390 0754 7034" not in page, url
        assert "NL91ABNA0417164300" not in page, url


def test_downloading_the_direct_debit_file_with_the_tenants_ibans_is_audited(client, accountant, debit_batch):
    client.force_login(accountant)
    response = client.get(reverse("backoffice:debit-batch-file", kwargs={"pk": debit_batch.pk}))
    assert b"BE68539007547034" in response.content
    event = AuditEvent.objects.get(action="rent.debit_batch_exported")
    assert (event.actor, event.target_id) == (accountant, str(debit_batch.pk))
