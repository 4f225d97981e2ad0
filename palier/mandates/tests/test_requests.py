"""A request made by SMS waits for the tenant's code: the tenant sees it on the portal and at the
kiosk (what is asked, by whom, until when) and may accept or refuse it there directly."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.mandates import services
from palier.mandates.models import Consent, Mandate, MandateState
from palier.mandates.queries import live_scopes
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(helper, tenant_person):
    """Sophie asked Amina, by SMS, to see her rent and book workshops for six months."""
    return services.request_mandate_by_sms(acting=Acting(user=helper), tenant=tenant_person, helper=helper,
                                           scopes=["rent", "workshops"], duration="six_months")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_tenant_sees_who_asks_what_and_until_when(tenant, request_):
    page = signed_in(tenant).get(reverse("portal:mandates")).content.decode()
    assert "Quelqu’un demande à vous aider" in page or "Quelqu'un demande à vous aider" in page
    assert "Sophie" in page and "Entraide Marolles" in page
    assert "Loyer et paiements" in page and "Ateliers et réservations" in page
    assert "6 mois" in page
    assert timezone.localtime(request_.code_expires_at).strftime("%H:%M") in page


def test_accepting_on_the_portal_starts_the_mandate_as_consent_given_on_the_portal(tenant, tenant_person, helper,
                                                                                   request_):
    response = signed_in(tenant).post(reverse("portal:mandate-answer", args=[request_.pk]), {"answer": "accept"})
    assert response["Location"] == reverse("portal:mandate-detail", args=[request_.pk])
    request_.refresh_from_db()
    assert (request_.state, request_.consent) == (MandateState.ACTIVE, Consent.PORTAL)
    assert request_.ends_at - request_.starts_at == dt.timedelta(days=182)
    mandate, scopes = live_scopes(helper.pk, tenant_person.pk, timezone.now())
    assert mandate == request_ and scopes == {"rent", "workshops"}
    assert AuditEvent.objects.filter(action="mandates.request_accepted", actor=tenant).exists()
    assert Message.objects.filter(to="sophie@entraide.example").exists()
    # The code sent by SMS no longer works.
    with pytest.raises(DomainError):
        services.confirm_mandate_by_code(acting=Acting(user=helper), mandate=request_, code="000000")


def test_refusing_ends_the_request_and_tells_the_helper(tenant, tenant_person, helper, request_):
    client = signed_in(tenant)
    response = client.post(reverse("portal:mandate-answer", args=[request_.pk]), {"answer": "refuse"})
    assert response["Location"] == reverse("portal:mandates")
    request_.refresh_from_db()
    assert request_.state == MandateState.REVOKED
    assert live_scopes(helper.pk, tenant_person.pk, timezone.now()) == (None, frozenset())
    assert AuditEvent.objects.filter(action="mandates.request_refused").exists()
    told = Message.objects.get(to="sophie@entraide.example")
    assert "Nothing has changed" in told.body or "Rien n'a changé" in told.body or "Rien n’a changé" in told.body
    assert "Vous avez dit non à Sophie" in client.get(reverse("portal:mandates")).content.decode()
    page = client.get(reverse("portal:mandates")).content.decode()
    assert "Sophie" not in page  # neither waiting nor listed as a mandate she gave


def test_an_old_request_is_no_longer_shown_nor_answerable(tenant, request_):
    client = signed_in(tenant)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        client.force_login(tenant)
        assert "Sophie" not in client.get(reverse("portal:mandates")).content.decode()
        response = client.post(reverse("portal:mandate-answer", args=[request_.pk]), {"answer": "accept"})
        assert response.status_code == 404
    request_.refresh_from_db()
    assert request_.state == MandateState.PENDING


def test_only_the_tenant_asked_may_answer(cotenant, neighbour, helper, request_):
    for user in (cotenant, neighbour, helper):
        response = signed_in(user).post(reverse("portal:mandate-answer", args=[request_.pk]), {"answer": "accept"})
        assert response.status_code == 404
    assert Mandate.objects.get(pk=request_.pk).state == MandateState.PENDING


def test_the_service_refuses_anyone_but_the_tenant(helper, request_):
    with pytest.raises(DomainError):
        services.answer_mandate_request(acting=Acting(user=helper), mandate=request_, accept=True)


def test_at_the_kiosk_the_tenant_accepts_and_the_consent_is_recorded_as_given_at_the_kiosk(kiosk_client, tenant,
                                                                                          tenancy, request_):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    page = kiosk_client.get(reverse("kiosk:mandates")).content.decode()
    assert "Sophie" in page and reverse("kiosk:mandate-answer", args=[request_.pk]) in page
    response = kiosk_client.post(reverse("kiosk:mandate-answer", args=[request_.pk]), {"answer": "accept"})
    assert response["Location"] == reverse("kiosk:mandate-detail", args=[request_.pk])
    request_.refresh_from_db()
    assert (request_.state, request_.consent) == (MandateState.ACTIVE, Consent.KIOSK)
