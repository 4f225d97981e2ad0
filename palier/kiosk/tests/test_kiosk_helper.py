"""A helper at the kiosk: "I help someone", their own password and second factor, then acting for
a tenant under a valid mandate with the banner, only the granted scopes, the journal, and every
kiosk session rule."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier import testing as t
from palier.core.acting import Acting
from palier.mandates import services
from palier.mandates.models import MandateUse


@pytest.fixture
def device(helper):
    return TOTPDevice.objects.create(user=helper, name="authenticator", confirmed=True)


def code_of(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.fixture
def mandate(tenant, tenant_person, helper):
    """Amina lets Sophie see her rent and book workshops for a month."""
    return services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                                  scopes=["rent", "workshops"], duration="month")


def sign_in(client, device, identifier="sophie@entraide.example", password=t.PASSWORD):
    client.post(reverse("kiosk:helper-sign-in"), {"identifier": identifier, "password": password})
    return client.post(reverse("kiosk:helper-code"), {"code": code_of(device)})


def acting(client, device, mandate):
    sign_in(client, device)
    return client.post(reverse("kiosk:helper-act-for"), {"person": mandate.tenant_id})


def test_the_start_page_offers_i_help_someone(kiosk_client):
    page = kiosk_client.get(reverse("kiosk:home")).content.decode()
    assert reverse("kiosk:helper-sign-in") in page and "J’aide quelqu’un" in page or "J'aide quelqu'un" in page


def test_a_helper_signs_in_with_password_then_second_factor_and_picks_amina(kiosk_client, device, mandate):
    response = kiosk_client.post(reverse("kiosk:helper-sign-in"),
                                 {"identifier": "sophie@entraide.example", "password": t.PASSWORD})
    assert response["Location"] == reverse("kiosk:helper-code")
    # Before the second factor, nothing else opens.
    assert kiosk_client.get(reverse("kiosk:helper-home"))["Location"] == reverse("kiosk:helper-code")
    assert kiosk_client.get(reverse("kiosk:workshops"))["Location"] == reverse("kiosk:helper-code")
    assert kiosk_client.post(reverse("kiosk:helper-code"), {"code": code_of(device)})["Location"] == reverse(
        "kiosk:helper-home")
    page = kiosk_client.get(reverse("kiosk:helper-home")).content.decode()
    assert "Amina Benali" in page
    kiosk_client.post(reverse("kiosk:helper-act-for"), {"person": mandate.tenant_id})
    page = kiosk_client.get(reverse("kiosk:rent")).content.decode()
    assert "acting-banner" in page and "Vous agissez pour Amina Benali" in page


def test_a_wrong_second_factor_code_is_refused(kiosk_client, device, mandate):
    kiosk_client.post(reverse("kiosk:helper-sign-in"), {"identifier": "sophie@entraide.example",
                                                        "password": t.PASSWORD})
    response = kiosk_client.post(reverse("kiosk:helper-code"), {"code": "000000"})
    assert response.status_code == 200
    assert kiosk_client.get(reverse("kiosk:rent"))["Location"] == reverse("kiosk:helper-code")


def test_a_helper_without_a_second_factor_cannot_sign_in_at_the_kiosk(kiosk_client, helper, mandate):
    response = kiosk_client.post(reverse("kiosk:helper-sign-in"),
                                 {"identifier": "sophie@entraide.example", "password": t.PASSWORD})
    assert response.status_code == 200
    assert "deuxième" in response.content.decode() or "second" in response.content.decode()
    assert "_auth_user_id" not in kiosk_client.session


def test_a_wrong_password_and_a_tenant_account_get_the_same_answer(kiosk_client, device, tenant):
    wrong = kiosk_client.post(reverse("kiosk:helper-sign-in"),
                              {"identifier": "sophie@entraide.example", "password": "not it"})
    tenant_account = kiosk_client.post(reverse("kiosk:helper-sign-in"),
                                       {"identifier": "amina.benali@example.org", "password": t.PASSWORD})
    for response in (wrong, tenant_account):
        assert response.status_code == 200
        assert "ne sont pas correctes" in response.content.decode() or "pas bonnes" in response.content.decode()
    assert "_auth_user_id" not in kiosk_client.session


def test_only_the_granted_scopes_open_and_each_use_is_journaled(kiosk_client, device, mandate, helper):
    acting(kiosk_client, device, mandate)
    assert kiosk_client.get(reverse("kiosk:rent")).status_code == 200
    assert kiosk_client.get(reverse("kiosk:workshops")).status_code == 200
    assert kiosk_client.get(reverse("kiosk:repairs")).status_code == 404
    assert kiosk_client.get(reverse("kiosk:messages")).status_code == 404
    # The tenant's own pages (her helpers, her home) are hers alone.
    assert kiosk_client.get(reverse("kiosk:mandates")).status_code == 404
    uses = MandateUse.objects.filter(actor=helper, person=mandate.tenant)
    assert set(uses.values_list("channel", flat=True)) == {"kiosk"}
    assert {"rent", "workshops"} <= set(uses.values_list("scope", flat=True))


def test_a_scope_taken_back_stops_on_the_next_request(kiosk_client, device, mandate, tenant):
    acting(kiosk_client, device, mandate)
    services.revoke_mandate_scope(acting=Acting(user=tenant), mandate=mandate, scope="rent")
    assert kiosk_client.get(reverse("kiosk:rent")).status_code == 404
    assert kiosk_client.get(reverse("kiosk:workshops")).status_code == 200


def test_an_ended_mandate_stops_to_the_second(kiosk_client, device, mandate):
    acting(kiosk_client, device, mandate)
    ends = timezone.now() + dt.timedelta(seconds=20)
    mandate.ends_at = ends
    mandate.save(update_fields=["ends_at"])
    with time_machine.travel(ends - dt.timedelta(seconds=1)):
        assert kiosk_client.get(reverse("kiosk:rent")).status_code == 200
    with time_machine.travel(ends):
        assert kiosk_client.get(reverse("kiosk:rent")).status_code == 404
        assert "Amina Benali" not in kiosk_client.get(reverse("kiosk:helper-home")).content.decode()


def test_a_helper_cannot_pick_someone_without_a_mandate(kiosk_client, device, mandate, neighbour_person):
    sign_in(kiosk_client, device)
    response = kiosk_client.post(reverse("kiosk:helper-act-for"), {"person": neighbour_person.pk})
    assert response.status_code == 404


def test_finish_ends_the_helper_session_and_clears_the_browser(kiosk_client, device, mandate):
    acting(kiosk_client, device, mandate)
    response = kiosk_client.get(reverse("kiosk:rent"))
    assert "no-store" in response["Cache-Control"]
    response = kiosk_client.post(reverse("kiosk:finish"))
    assert "cache" in response["Clear-Site-Data"]
    assert kiosk_client.get(reverse("kiosk:rent"))["Location"] == reverse("kiosk:sign-in")


def test_three_idle_minutes_end_the_helper_session(kiosk_client, device, mandate):
    acting(kiosk_client, device, mandate)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3, seconds=5)):
        response = kiosk_client.get(reverse("kiosk:rent"))
    assert response.status_code == 302
    assert reverse("kiosk:rent") != response["Location"]
    assert kiosk_client.get(reverse("kiosk:helper-home"))["Location"] == reverse("kiosk:helper-sign-in")


def test_the_helper_pages_carry_the_timeout_warning(kiosk_client, device, mandate):
    acting(kiosk_client, device, mandate)
    page = kiosk_client.get(reverse("kiosk:helper-home")).content.decode()
    assert "kiosk-timeout" in page and 'data-idle-seconds="180"' in page
