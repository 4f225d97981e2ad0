"""Online payment through a provider: the sandbox provider's checkout, the webhook that takes only
an id and asks the provider itself, each payment booked on the ledger once, and nothing from a
forged call."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.rent.models import LedgerEntry
from palier.rent.payment_models import OnlinePayment, SandboxPayment
from palier.rent.payments.services import apply_provider_status, start_online_payment
from palier.rent.queries import balance_of

pytestmark = pytest.mark.django_db


def start(tenant, tenancy, person, amount="535.50"):
    return start_online_payment(acting=Acting(user=tenant, channel=Channel.WEB), tenancy=tenancy,
                                amount=amount, person=person)


def sandbox_outcome(payment, outcome):
    """What the tester does on the sandbox's checkout page: one of its three buttons."""
    return Client().post(payment.checkout_url, {"outcome": outcome})


def online_entries(tenancy):
    return LedgerEntry.objects.filter(tenancy=tenancy, channel="online")


def test_starting_a_payment_gives_the_address_of_the_providers_checkout(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person)
    assert payment.provider == "sandbox"
    assert payment.checkout_url == reverse("payments:sandbox-checkout", kwargs={"payment_id": payment.provider_id})
    assert SandboxPayment.objects.get(pk=payment.provider_id).amount == Decimal("535.50")
    assert AuditEvent.objects.filter(action="rent.online_payment_started").count() == 1


@pytest.mark.parametrize("amount", ["0", "-10", "12.345", "abc", "90000"])
def test_a_wrong_amount_starts_no_payment(tenant, tenant_person, tenancy, amount):
    with pytest.raises(DomainError):
        start(tenant, tenancy, tenant_person, amount=amount)
    assert not OnlinePayment.objects.exists()


def test_a_paid_payment_books_one_online_payment_on_the_ledger(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person, amount="100.00")
    response = sandbox_outcome(payment, "pay")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:pay-return", kwargs={"public_id": payment.public_id})
    entry = online_entries(tenancy).get()
    assert entry.amount == Decimal("-100.00")
    assert balance_of(tenancy) == Decimal("-100.00")
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert payment.ledger_entry == entry


@pytest.mark.parametrize("outcome", ["fail", "cancel"])
def test_a_failed_or_cancelled_payment_books_nothing(tenant, tenant_person, tenancy, outcome):
    payment = start(tenant, tenancy, tenant_person)
    sandbox_outcome(payment, outcome)
    payment.refresh_from_db()
    assert payment.status in ("failed", "canceled")
    assert not online_entries(tenancy).exists()


def test_the_webhook_arriving_twenty_times_books_the_payment_once(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person)
    SandboxPayment.objects.filter(pk=payment.provider_id).update(status="paid")
    provider = Client(enforce_csrf_checks=True)
    for _ in range(20):
        assert provider.post(reverse("payments:webhook"), {"id": payment.provider_id}).status_code == 200
    assert online_entries(tenancy).count() == 1
    assert balance_of(tenancy) == Decimal("-535.50")


def test_twenty_webhooks_at_once_book_the_payment_once(transactional_db, tenant, tenant_person, tenancy):
    """Threads on PostgreSQL (row lock and unique key); sequential repeats on SQLite, which runs
    one write transaction at a time anyway."""
    payment = start(tenant, tenancy, tenant_person)
    SandboxPayment.objects.filter(pk=payment.provider_id).update(status="paid")
    errors = []

    def call():
        try:
            apply_provider_status(provider_id=payment.provider_id)
        except Exception as exc:  # noqa: BLE001 - collected and shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(20)

        def together():
            barrier.wait()
            call()

        threads = [threading.Thread(target=together) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(20):
            apply_provider_status(provider_id=payment.provider_id)
    assert not errors
    assert online_entries(tenancy).count() == 1
    assert AuditEvent.objects.filter(action="rent.online_payment_updated").count() == 1


def test_a_forged_webhook_changes_nothing(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person)
    provider = Client(enforce_csrf_checks=True)
    # The payment is still open at the provider: a call claiming otherwise carries no weight.
    assert provider.post(reverse("payments:webhook"), {"id": payment.provider_id, "status": "paid",
                                                       "amount": "535.50"}).status_code == 200
    assert provider.post(reverse("payments:webhook"), {"id": "sbx_doesnotexist"}).status_code == 200
    assert provider.post(reverse("payments:webhook"), {}).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "open"
    assert not online_entries(tenancy).exists()


def test_the_webhook_answers_only_posts(client):
    assert client.get(reverse("payments:webhook")).status_code == 405


def test_the_sandbox_checkout_says_it_is_a_test_with_no_real_money(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person)
    response = Client().get(payment.checkout_url)
    assert response.status_code == 200
    assert "TEST — pas de vrai argent." in response.content.decode()


def test_the_sandbox_checkout_is_gone_when_mollie_is_configured(tenant, tenant_person, tenancy, settings):
    payment = start(tenant, tenancy, tenant_person)
    settings.PALIER_PAYMENT_PROVIDER = "mollie"
    assert Client().get(payment.checkout_url).status_code == 404


def test_a_finished_sandbox_payment_cannot_be_paid_afterwards(tenant, tenant_person, tenancy):
    payment = start(tenant, tenancy, tenant_person)
    sandbox_outcome(payment, "cancel")
    sandbox_outcome(payment, "pay")
    payment.refresh_from_db()
    assert payment.status == "canceled"
    assert not online_entries(tenancy).exists()
