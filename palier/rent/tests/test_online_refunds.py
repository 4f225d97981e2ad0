"""Refunds and chargebacks of online payments: booked once on the ledger when the provider reports
them (webhook → status fetched), and the accountant's refund from the back office, through the
provider interface (the sandbox, and Mollie through the fake HTTP layer)."""

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.rent.models import EntryKind, LedgerEntry
from palier.rent.payment_models import OnlinePayment, SandboxPayment
from palier.rent.payments.sandbox import SandboxProvider
from palier.rent.payments.services import apply_provider_status, refund_online_payment, start_online_payment
from palier.rent.queries import balance_of

from .rentdocs_helpers import charge
from .test_payments_mollie import FakeMollie, mollie  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def paid_sandbox_payment(tenancy, person, amount="535.50"):
    payment = start_online_payment(acting=Acting(user=person.user), tenancy=tenancy, amount=amount, person=person)
    SandboxPayment.objects.filter(pk=payment.provider_id).update(status="paid")
    return apply_provider_status(provider_id=payment.provider_id)


def webhook(provider_id):
    return Client().post(reverse("payments:webhook"), {"id": provider_id})


def test_a_chargeback_reported_by_the_provider_is_booked_once(tenancy, tenant_person, landlord):
    charge(dt.date(2026, 11, 1))
    payment = paid_sandbox_payment(tenancy, tenant_person)
    assert balance_of(tenancy) == Decimal("0.00")
    SandboxProvider.charge_back(payment.provider_id, Decimal("535.50"))
    for _ in range(5):
        assert webhook(payment.provider_id).status_code == 200
    back = LedgerEntry.objects.filter(tenancy=tenancy, idempotency_key__startswith="online-chargeback:")
    assert back.count() == 1 and back.get().amount == Decimal("535.50") and back.get().kind == EntryKind.ADJUSTMENT
    assert balance_of(tenancy) == Decimal("535.50")
    payment.refresh_from_db()
    assert payment.charged_back_amount == Decimal("535.50")
    assert AuditEvent.objects.filter(action="rent.online_payment_charged_back").count() == 1


def test_the_accountant_refunds_part_then_the_rest_and_never_more(client, accountant, tenancy, tenant_person,
                                                                   landlord):
    payment = paid_sandbox_payment(tenancy, tenant_person, "100.00")
    client.force_login(accountant)
    url = reverse("backoffice:tenant-online-payments", kwargs={"pk": tenancy.pk})
    page = client.get(url).content.decode()
    assert "100,00" in page and "Rembourser" in page
    response = client.post(url, {"payment": str(payment.public_id), "amount": "30,00"})
    assert response.status_code == 302
    refunds = LedgerEntry.objects.filter(tenancy=tenancy, kind=EntryKind.REFUND)
    assert [e.amount for e in refunds.all()] == [Decimal("30.00")]
    page = client.post(url, {"payment": str(payment.public_id), "amount": "80"}).content.decode()
    assert "70.00 €" in page  # at most what is left
    assert refunds.count() == 1
    last = client.post(url, {"payment": str(payment.public_id), "amount": "70"})
    assert last.status_code == 302, [line for line in last.content.decode().splitlines() if "error" in line]
    assert sorted(e.amount for e in refunds.all()) == [Decimal("30.00"), Decimal("70.00")]
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("100.00")
    assert AuditEvent.objects.filter(action="rent.online_refund_requested", actor=accountant).count() == 2
    webhook(payment.provider_id)  # the provider tells again: nothing more is booked
    assert refunds.count() == 2


def test_only_an_accountant_refunds_and_only_a_paid_payment(agent, accountant, tenancy, tenant_person, landlord,
                                                             client):
    payment = paid_sandbox_payment(tenancy, tenant_person, "20.00")
    with pytest.raises(DomainError) as refused:
        refund_online_payment(acting=Acting(user=agent), payment=payment, amount="5")
    assert refused.value.code == "forbidden"
    for amount in ("0", "-5", "1.234", "abc"):
        with pytest.raises(DomainError):
            refund_online_payment(acting=Acting(user=accountant), payment=payment, amount=amount)
    open_one = start_online_payment(acting=Acting(user=tenant_person.user), tenancy=tenancy, amount="5",
                                    person=tenant_person)
    with pytest.raises(DomainError):
        refund_online_payment(acting=Acting(user=accountant), payment=open_one, amount="1")
    assert not LedgerEntry.objects.filter(kind=EntryKind.REFUND).exists()
    client.force_login(agent)
    url = reverse("backoffice:tenant-online-payments", kwargs={"pk": tenancy.pk})
    assert "Rembourser" not in client.get(url).content.decode()
    client.post(url, {"payment": str(payment.public_id), "amount": "5"})
    assert not LedgerEntry.objects.filter(kind=EntryKind.REFUND).exists()


def test_another_agencys_agent_does_not_see_the_payments(client, other_agent, tenancy):
    client.force_login(other_agent)
    assert client.get(reverse("backoffice:tenant-online-payments", kwargs={"pk": tenancy.pk})).status_code == 404


# --- Mollie, through the fake HTTP layer -------------------------------------------------------


class FakeMollieWithRefunds(FakeMollie):
    def send(self, request, **kwargs):
        path = request.path_url.split("?")[0]
        if request.method == "POST" and path.endswith("/refunds"):
            self.requests.append(request)
            pid = path.split("/")[3]
            body = json.loads(request.body)
            payment = self.payments[pid]
            done = Decimal(payment.get("amountRefunded", {}).get("value", "0"))
            payment["amountRefunded"] = {"currency": "EUR", "value": f"{done + Decimal(body['amount']['value']):.2f}"}
            return self._answer(request, 201, {"resource": "refund", "id": f"re_{len(self.requests):08d}",
                                               "amount": body["amount"], "status": "pending", "paymentId": pid})
        return super().send(request, **kwargs)


@pytest.fixture
def mollie_refunds(mollie):  # noqa: F811
    mollie.__class__ = FakeMollieWithRefunds
    return mollie


def test_mollie_refunds_go_through_the_api_and_are_booked_once(mollie_refunds, accountant, tenant, tenant_person,
                                                               tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="535.50", person=tenant_person)
    mollie_refunds.payments[payment.provider_id]["status"] = "paid"
    webhook(payment.provider_id)
    payment.refresh_from_db()
    refund_online_payment(acting=Acting(user=accountant), payment=payment, amount="35.50")
    sent = [r for r in mollie_refunds.requests if r.path_url.endswith("/refunds")]
    assert json.loads(sent[0].body)["amount"] == {"currency": "EUR", "value": "35.50"}
    for _ in range(3):
        webhook(payment.provider_id)
    refunds = LedgerEntry.objects.filter(tenancy=tenancy, kind=EntryKind.REFUND)
    assert [e.amount for e in refunds] == [Decimal("35.50")]


def test_a_mollie_chargeback_reported_by_webhook_is_booked_once(mollie, tenant, tenant_person, tenancy):  # noqa: F811
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="100.00", person=tenant_person)
    mollie.payments[payment.provider_id]["status"] = "paid"
    webhook(payment.provider_id)
    mollie.payments[payment.provider_id]["amountChargedBack"] = {"currency": "EUR", "value": "100.00"}
    for _ in range(3):
        webhook(payment.provider_id)
    back = LedgerEntry.objects.filter(tenancy=tenancy, idempotency_key__startswith="online-chargeback:")
    assert [e.amount for e in back] == [Decimal("100.00")]


def test_twenty_concurrent_chargeback_webhooks_book_it_once(transactional_db, tenancy, tenant_person, landlord):
    """Threads on PostgreSQL (row lock and unique key); sequential repeats on SQLite, which runs
    one write transaction at a time anyway."""
    payment = paid_sandbox_payment(tenancy, tenant_person, "50.00")
    SandboxProvider.charge_back(payment.provider_id, Decimal("50.00"))
    errors = []

    def call():
        try:
            apply_provider_status(provider_id=payment.provider_id)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=call) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(20):
            apply_provider_status(provider_id=payment.provider_id)
    assert not errors
    assert LedgerEntry.objects.filter(idempotency_key__startswith="online-chargeback:").count() == 1
    assert OnlinePayment.objects.get(pk=payment.pk).charged_back_amount == Decimal("50.00")
