"""The Mollie adapter, through mollie-api-python, against a fake HTTP layer: a requests transport
that answers like Mollie's API. No test calls the network."""

import json
from decimal import Decimal

import pytest
import requests
from django.test import Client
from django.urls import reverse

from palier.core.acting import Acting
from palier.rent.models import LedgerEntry
from palier.rent.payments import base
from palier.rent.payments.mollie import MollieProvider
from palier.rent.payments.services import start_online_payment

pytestmark = pytest.mark.django_db


class FakeMollie(requests.adapters.BaseAdapter):
    """Mollie's /v2/payments, in memory. Records every request it gets."""

    def __init__(self):
        super().__init__()
        self.payments = {}
        self.requests = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        path = request.path_url.split("?")[0]
        if request.method == "POST" and path == "/v2/payments":
            body = json.loads(request.body)
            pid = f"tr_{len(self.payments) + 1:010d}"
            self.payments[pid] = {
                "resource": "payment", "id": pid, "status": "open", "amount": body["amount"],
                "description": body["description"], "redirectUrl": body["redirectUrl"],
                "_links": {"checkout": {"href": f"https://www.mollie.com/checkout/select-method/{pid}"}},
            }
            return self._answer(request, 201, self.payments[pid])
        if request.method == "GET" and path.startswith("/v2/payments/"):
            pid = path.rsplit("/", 1)[1]
            if pid in self.payments:
                return self._answer(request, 200, self.payments[pid])
            return self._answer(request, 404, {"status": 404, "title": "Not Found", "detail": "No payment exists"})
        return self._answer(request, 400, {"status": 400, "title": "Bad Request", "detail": "?"})

    @staticmethod
    def _answer(request, status, payload):
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(payload).encode()
        response.headers["Content-Type"] = "application/hal+json"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture
def mollie(monkeypatch, settings):
    settings.PALIER_PAYMENT_PROVIDER = "mollie"
    settings.MOLLIE_API_KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"
    fake = FakeMollie()
    session = requests.Session()
    session.mount("https://", fake)
    monkeypatch.setitem(base.PROVIDERS, "mollie", "palier.rent.tests.test_payments_mollie.provider_for_tests")
    monkeypatch.setitem(SESSIONS, "mollie", session)
    return fake


SESSIONS = {}


def provider_for_tests():
    """What get_provider("mollie") builds during these tests: the adapter on the fake transport."""
    return MollieProvider(session=SESSIONS["mollie"])


def test_a_mollie_payment_sends_the_payer_to_mollies_checkout(mollie, tenant, tenant_person, tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="535.50", person=tenant_person)
    assert payment.provider == "mollie"
    assert payment.provider_id == "tr_0000000001"
    assert payment.checkout_url.startswith("https://www.mollie.com/checkout/")
    sent = json.loads(mollie.requests[0].body)
    assert sent["amount"] == {"currency": "EUR", "value": "535.50"}
    assert mollie.requests[0].headers["Authorization"].startswith("Bearer test_")


def test_the_webhook_asks_mollie_for_the_status_and_books_a_paid_payment_once(mollie, tenant, tenant_person, tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="535.50", person=tenant_person)
    mollie.payments[payment.provider_id]["status"] = "paid"
    provider = Client(enforce_csrf_checks=True)
    for _ in range(3):
        assert provider.post(reverse("payments:webhook"), {"id": payment.provider_id}).status_code == 200
    entries = LedgerEntry.objects.filter(tenancy=tenancy, channel="online")
    assert entries.count() == 1
    assert entries.get().amount == Decimal("-535.50")
    # Asked each time (a refund or a chargeback comes through the same webhook), booked once.
    assert [r.method for r in mollie.requests] == ["POST", "GET", "GET", "GET"]


def test_a_mollie_payment_still_open_books_nothing(mollie, tenant, tenant_person, tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="535.50", person=tenant_person)
    Client().post(reverse("payments:webhook"), {"id": payment.provider_id})
    assert not LedgerEntry.objects.filter(channel="online").exists()
    payment.refresh_from_db()
    assert payment.status == "open"


def test_a_webhook_with_an_id_palier_never_made_does_not_even_reach_mollie(mollie):
    assert Client().post(reverse("payments:webhook"), {"id": "tr_forged00001"}).status_code == 200
    assert mollie.requests == []


def test_mollie_statuses_map_onto_palier_statuses(mollie, tenant, tenant_person, tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="10.00", person=tenant_person)
    provider = provider_for_tests()
    for theirs, ours in (("authorized", "pending"), ("expired", "expired"), ("canceled", "canceled")):
        mollie.payments[payment.provider_id]["status"] = theirs
        assert provider.fetch_payment(payment.provider_id).status == ours


def test_an_unreachable_mollie_makes_the_webhook_ask_to_be_called_again(mollie, tenant, tenant_person, tenancy):
    payment = start_online_payment(acting=Acting(user=tenant), tenancy=tenancy, amount="10.00", person=tenant_person)
    del mollie.payments[payment.provider_id]  # Mollie answers 404: an error, not a status
    assert Client().post(reverse("payments:webhook"), {"id": payment.provider_id}).status_code == 503
    assert not LedgerEntry.objects.filter(channel="online").exists()


def test_when_mollie_refuses_the_payment_the_tenant_is_told_to_try_later_or_pay_by_transfer(
        mollie, tenant, tenant_person, tenancy, client):
    from palier.rent.payment_models import OnlinePayment

    mollie.send = lambda request, **kw: FakeMollie._answer(
        request, 503, {"status": 503, "title": "Service Unavailable", "detail": "Try again later"})
    client.force_login(tenant)
    page = client.post(reverse("portal:pay"), {"choice": "other", "other": "20"}).content.decode()
    assert "Le paiement en ligne n&#x27;est pas disponible pour le moment." in page
    assert OnlinePayment.objects.get().status == "failed"
    assert not LedgerEntry.objects.filter(channel="online").exists()
