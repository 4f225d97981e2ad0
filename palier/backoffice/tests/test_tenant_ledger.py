import datetime as dt
import html
from decimal import Decimal

from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.rent.models import LedgerEntry
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent


def text(response):
    return html.unescape(response.content.decode())


def _pay(client, tenancy, **data):
    form = {"amount": "100.00", "paid_on": "2026-11-20", "channel": "counter", "label": "cash", **data}
    return client.post(reverse("backoffice:tenant-ledger", args=[tenancy.pk]), form)


def test_the_tenant_file_shows_the_balance_and_links_to_the_ledger(client, sign_in, agent, tenant_person, tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    sign_in(agent)
    page = text(client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])))
    assert "Owes €535.50" in page
    assert reverse("backoffice:tenant-ledger", args=[tenancy.pk]) in page


def test_an_agent_records_a_cash_payment_at_the_counter_for_the_tenant(client, sign_in, agent, tenant_person, tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    sign_in(agent)
    response = _pay(client, tenancy)
    assert response.status_code == 302
    assert balance_of(tenancy) == Decimal("435.50")
    page = text(client.get(response["Location"]))
    assert "The payment is recorded." in page
    assert "Owes €435.50" in page
    event = AuditEvent.objects.get(action="rent.payment_recorded")
    assert (event.actor, event.for_person_id, event.channel) == (agent, tenant_person.pk, "counter")


def test_a_payment_by_phone_is_recorded_through_the_phone_channel(client, sign_in, accountant, tenant_person, tenancy):
    sign_in(accountant)
    _pay(client, tenancy, channel="phone")
    assert AuditEvent.objects.get(action="rent.payment_recorded").channel == "phone"
    assert LedgerEntry.objects.get().channel == "phone"


def test_a_zero_or_negative_amount_is_refused_with_a_message_and_nothing_is_booked(
        client, sign_in, agent, tenant_person, tenancy):
    sign_in(agent)
    for amount in ("0", "-20", "abc"):
        response = _pay(client, tenancy, amount=amount)
        assert response.status_code == 200
        assert 'class="field__error"' in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_an_agent_of_another_agency_cannot_record_a_payment_in_the_file(client, sign_in, other_agent, tenancy):
    sign_in(other_agent)
    assert _pay(client, tenancy).status_code == 404
    assert not LedgerEntry.objects.exists()


def test_the_demo_tenants_owe_this_months_rent_and_have_paid_the_two_before(db):
    from io import StringIO

    from django.core.management import call_command

    from palier.tenancies.models import Tenancy

    call_command("seed_demo", dwellings=12, stdout=StringIO())
    tenancy = Tenancy.objects.current().first()
    assert balance_of(tenancy) == tenancy.monthly_total
    assert LedgerEntry.objects.filter(tenancy=tenancy, kind="payment").count() == 2
