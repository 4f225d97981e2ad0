import html
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.estates import kiosks
from palier.kiosk.middleware import COOKIE_NAME


def text(response):
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def sign_in(client, number, pin=t.PIN):
    client.post(reverse("kiosk:sign-in"), {"number": number})
    return client.post(reverse("kiosk:sign-in-pin"), {"pin": pin})


def test_a_tenant_signs_in_with_her_tenancy_number_and_pin_and_sees_her_home(kiosk_client, tenant, tenancy):
    response = sign_in(kiosk_client, tenancy.number)
    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:tenant-home")
    page = text(kiosk_client.get(reverse("kiosk:tenant-home")))
    assert "Bonjour Amina" in page
    assert "450,50\xa0€" in page
    assert "85,00\xa0€" in page
    assert "Nadia Haddad" in page
    assert "Terminer" in page
    event = AuditEvent.objects.get(action="accounts.logged_in", actor=tenant)
    assert event.channel == "kiosk"


def test_a_wrong_pin_is_refused_in_plain_words(kiosk_client, tenant, tenancy):
    response = sign_in(kiosk_client, tenancy.number, pin="000111")
    assert response.status_code == 200
    assert "Le numéro de bail ou le code PIN n'est pas correct" in text(response)


def test_five_wrong_pins_lock_the_account_on_that_kiosk_address_only(kiosk_client, tenant, tenancy, kiosk_device):
    for _ in range(5):
        sign_in(kiosk_client, tenancy.number, pin="000111")
    response = sign_in(kiosk_client, tenancy.number)
    assert response.status_code == 200
    assert "30 minutes" in text(response)

    other_address = kiosk_client.__class__(REMOTE_ADDR="10.9.8.7")
    # The same kiosk, seen from another address (another common room behind another router).
    token = kiosks.issue_enrolment(acting=Acting.system(), kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting.system(), token=token)
    other_address.cookies[COOKIE_NAME] = kiosks.credential_for(kiosk, secret)
    assert sign_in(other_address, tenancy.number).status_code == 302


def test_finish_ends_the_session_and_clears_the_browser_but_keeps_the_kiosk(kiosk_client, tenant, tenancy):
    sign_in(kiosk_client, tenancy.number)
    response = kiosk_client.post(reverse("kiosk:finish"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:home")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="accounts.logged_out", actor=tenant, channel="kiosk").exists()
    start = kiosk_client.get(reverse("kiosk:home"))
    assert start.status_code == 200
    assert "Session terminée. Vos informations sont effacées." in text(start)
    assert kiosk_client.get(reverse("kiosk:tenant-home"))["Location"] == reverse("kiosk:sign-in")


def test_after_three_idle_minutes_the_kiosk_signs_out_and_returns_to_the_start(kiosk_client, tenant, tenancy):
    sign_in(kiosk_client, tenancy.number)
    assert kiosk_client.get(reverse("kiosk:tenant-home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=3, seconds=5)):
        response = kiosk_client.get(reverse("kiosk:tenant-home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("kiosk:home")
        assert kiosk_client.get(reverse("kiosk:tenant-home"))["Location"] == reverse("kiosk:sign-in")


def test_i_am_still_here_keeps_the_kiosk_session_open(kiosk_client, tenant, tenancy):
    sign_in(kiosk_client, tenancy.number)
    kiosk_client.get(reverse("kiosk:tenant-home"))
    now = timezone.now()
    with time_machine.travel(now + timedelta(minutes=2, seconds=40)):
        answer = kiosk_client.post(reverse("kiosk:still-here"), headers={"Accept": "application/json"})
        assert answer.status_code == 204
    with time_machine.travel(now + timedelta(minutes=5)):
        assert kiosk_client.get(reverse("kiosk:tenant-home")).status_code == 200


def test_the_timeout_warning_is_in_the_page_hidden_with_its_timings(kiosk_client, tenant, tenancy):
    sign_in(kiosk_client, tenancy.number)
    page = text(kiosk_client.get(reverse("kiosk:tenant-home")))
    assert 'class="kiosk-timeout"' in page
    assert 'data-idle-seconds="180"' in page
    assert 'data-warning-seconds="30"' in page
    assert "Je suis toujours là" in page
    assert "palier/session-timeout.js" in page


def test_a_tenant_signed_in_on_the_kiosk_cannot_reach_the_back_office(kiosk_client, tenant, tenancy):
    sign_in(kiosk_client, tenancy.number)
    assert kiosk_client.get(reverse("backoffice:home")).status_code == 404


def test_staff_cannot_open_the_back_office_on_a_kiosk_at_all(kiosk_client, agent):
    kiosk_client.force_login(agent)
    assert kiosk_client.get(reverse("backoffice:home")).status_code == 404
