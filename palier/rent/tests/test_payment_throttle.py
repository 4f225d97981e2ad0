"""Rate limits of online payments and of the kiosk's phone payment link: per tenancy and per
address, with a kind message; nothing is started once the limit is reached."""

import datetime as dt
import html

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.rent.payment_models import OnlinePayment
from palier.rent.payments import throttle
from palier.rent.payments.links import pay_link_token
from palier.rent.payments.services import start_online_payment

from .rentdocs_helpers import charge

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def owing(tenancy, tenant_person, landlord):
    charge(dt.date(2026, 11, 1))
    return tenancy


def start(tenancy, person, ip="203.0.113.5"):
    return start_online_payment(acting=Acting(user=person.user, ip=ip), tenancy=tenancy, amount="10.00",
                                person=person)


def test_a_tenancy_may_start_only_so_many_payments_in_half_an_hour(owing, tenant_person, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_STARTS_PER_TENANCY", 3)
    for n in range(3):
        start(owing, tenant_person, ip=f"203.0.113.{n}")  # three addresses: the tenancy's limit counts
    with pytest.raises(DomainError) as refused:
        start(owing, tenant_person, ip="203.0.113.99")
    assert refused.value.code == "throttled"
    assert "patienter 30 minutes" in refused.value.message
    assert OnlinePayment.objects.count() == 3
    with time_machine.travel(NOW + dt.timedelta(minutes=31), tick=False):
        start(owing, tenant_person)
    assert OnlinePayment.objects.count() == 4


def test_one_address_may_start_only_so_many_payments_whatever_the_tenancy(owing, tenant_person, neighbour_tenancy,
                                                                           neighbour_person, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_STARTS_PER_ADDRESS", 2)
    start(owing, tenant_person)
    start(neighbour_tenancy, neighbour_person)
    with pytest.raises(DomainError):
        start(owing, tenant_person)
    start(owing, tenant_person, ip="198.51.100.7")  # another address is not blocked
    assert OnlinePayment.objects.count() == 3


def test_the_pay_page_says_kindly_to_wait(client, tenant, owing, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_STARTS_PER_TENANCY", 1)
    client.force_login(tenant)
    client.post(reverse("portal:pay"), {"choice": "due"})
    response = client.post(reverse("portal:pay"), {"choice": "due"})
    assert response.status_code == 200
    assert "patienter 30 minutes" in html.unescape(response.content.decode())
    assert OnlinePayment.objects.count() == 1


def test_the_kiosk_link_is_limited_per_address_and_says_so(owing, tenant_person, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_LINK_OPENS_PER_ADDRESS", 3)
    url = reverse("portal:pay-link", kwargs={"token": pay_link_token(tenancy_id=owing.pk, person_id=tenant_person.pk)})
    phone = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        assert phone.get(url).status_code == 200
    refused = phone.get(url)
    assert refused.status_code == 429
    page = html.unescape(refused.content.decode())
    assert "patienter 30 minutes" in page and "<form" not in page.split("<main", 1)[-1]
    assert phone.post(url).status_code == 429
    assert not OnlinePayment.objects.exists()
    assert Client(REMOTE_ADDR="192.0.2.11").get(url).status_code == 200


def test_the_kiosk_link_is_limited_per_tenancy(owing, tenant_person, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_LINK_OPENS_PER_TENANCY", 2)
    url = reverse("portal:pay-link", kwargs={"token": pay_link_token(tenancy_id=owing.pk, person_id=tenant_person.pk)})
    assert Client(REMOTE_ADDR="192.0.2.1").get(url).status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.2").get(url).status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.3").get(url).status_code == 429
