"""The retention run and erasure on request: identities go when the law allows, the ledger's
amounts stay, and each run or request leaves a report."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from palier.accounts.models import LoginFailure
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.privacy import services
from palier.privacy.models import Category, ErasureRequest, RetentionRule, RetentionRun
from palier.rent.models import LedgerEntry
from palier.rent.tests.rentdocs_helpers import charge, pay
from palier.tenancies.models import Person


@pytest.fixture
def old_tenancy(tenancy, tenant_person, cotenant_person):
    """Amina's household left ten years ago, after two months of rent and payments."""
    with time_machine.travel(dt.datetime(2016, 3, 15, 12, tzinfo=dt.UTC)):
        tenancy.start_date = dt.date(2015, 1, 1)
        tenancy.save()
        charge(dt.date(2016, 1, 1))
        charge(dt.date(2016, 2, 1))
        pay(tenancy, "535.50", dt.date(2016, 1, 5))
    tenancy.end_date = dt.date(2016, 2, 29)
    tenancy.save()
    return tenancy


def ledger_total(tenancy):
    return LedgerEntry.objects.filter(tenancy=tenancy).aggregate(total=Sum("amount"))["total"]


def test_a_run_on_a_tenancy_ended_ten_years_ago_redacts_names_and_keeps_the_ledger(old_tenancy, tenant_person,
                                                                                     neighbour_person):
    before = ledger_total(old_tenancy)
    entries = LedgerEntry.objects.filter(tenancy=old_tenancy).count()
    run = services.apply_retention(acting=Acting.system())
    assert ledger_total(old_tenancy) == before
    assert LedgerEntry.objects.filter(tenancy=old_tenancy).count() == entries
    amina = Person.objects.get(pk=tenant_person.pk)
    assert (amina.first_name, amina.email, amina.phone, amina.user) == ("—", "", "", None)
    assert Person.objects.get(pk=neighbour_person.pk).last_name == "Peeters", "a current tenant is untouched"
    assert {"app": "tenancies", "category": "lease_file", "what": "identities of former tenants redacted",
            "count": 2} in run.report
    assert AuditEvent.objects.filter(action="privacy.retention_applied").exists()


def test_a_tenancy_ended_three_years_ago_keeps_its_lease_file(tenancy, tenant_person):
    tenancy.start_date = dt.date(2020, 1, 1)
    tenancy.end_date = timezone.localdate() - dt.timedelta(days=3 * 365)
    tenancy.save()
    services.apply_retention(acting=Acting.system())
    assert Person.objects.get(pk=tenant_person.pk).last_name == "Benali"


def test_the_administrator_can_shorten_a_period_and_the_next_run_follows_it(administrator, tenancy, tenant_person):
    tenancy.start_date = dt.date(2020, 1, 1)
    tenancy.end_date = timezone.localdate() - dt.timedelta(days=3 * 365)
    tenancy.save()
    services.ensure_retention_rules()
    rule = RetentionRule.objects.get(category=Category.LEASE_FILE)
    services.change_retention(acting=Acting(user=administrator), rule=rule, months=24)
    services.apply_retention(acting=Acting.system())
    assert Person.objects.get(pk=tenant_person.pk).last_name == "—"


def test_old_failed_sign_ins_are_deleted_after_twelve_months(db):
    LoginFailure.objects.create(account_key="acct:1", ip="10.0.0.1", at=timezone.now() - dt.timedelta(days=400))
    LoginFailure.objects.create(account_key="acct:1", ip="10.0.0.1")
    services.apply_retention(acting=Acting.system())
    assert LoginFailure.objects.count() == 1


def test_the_command_writes_a_report(db):
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Done:" in out.getvalue()
    assert RetentionRun.objects.count() == 1


def test_the_default_table_follows_the_standards(db):
    months = services.retention_months()
    assert months[Category.LEDGER] == 120
    assert months[Category.LEASE_FILE] == 60
    assert months[Category.REPAIR_PHOTOS] == 24
    assert months[Category.HELPER_MANDATES] == 72


def test_erasure_of_a_current_tenant_keeps_the_lease_and_ledger_and_says_why(client, agent, tenancy, tenant_person):
    client.force_login(agent)
    url = reverse("backoffice:erasure", kwargs={"pk": tenancy.pk, "person_pk": tenant_person.pk})
    preview = client.get(url).content.decode()
    assert "Conservé" in preview and "Effacé" in preview
    response = client.post(url)
    request = ErasureRequest.objects.get()
    assert response["Location"] == reverse("backoffice:erasure-done", kwargs={"pk": tenancy.pk, "erasure_pk": request.pk})
    assert Person.objects.get(pk=tenant_person.pk).last_name == "Benali"
    kept = {line["app"]: line for line in request.report if not line["erased"]}
    assert "tenancies" in kept and "rent" in kept
    assert "loi" in kept["rent"]["reason"] or "comptab" in kept["rent"]["reason"]
    letter = client.get(reverse("backoffice:erasure-letter", kwargs={"pk": tenancy.pk, "erasure_pk": request.pk}))
    assert letter["Content-Type"] == "application/pdf"


def test_erasure_of_a_former_tenant_after_the_period_redacts_her(client, agent, old_tenancy, tenant_person):
    request = services.erase_on_request(acting=Acting(user=agent), person=tenant_person)
    assert Person.objects.get(pk=tenant_person.pk).last_name == "—"
    assert any(line["erased"] and line["app"] == "tenancies" for line in request.report)
    assert ledger_total(old_tenancy) is not None


def test_an_erasure_of_another_agency_is_not_found(client, other_agent, tenancy, tenant_person):
    client.force_login(other_agent)
    url = reverse("backoffice:erasure", kwargs={"pk": tenancy.pk, "person_pk": tenant_person.pk})
    assert client.get(url).status_code == 404
