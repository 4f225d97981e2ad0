"""The warning before a portal or back-office session ends (WCAG 2.2.1): every signed-in page
carries it with the seconds left, "Stay signed in" gives the full idle time back, and the kiosk
keeps its own, shorter warning."""

import re
import time

import pytest
from django.urls import reverse

from palier import testing as t

pytestmark = pytest.mark.django_db


def seconds_left(page: str) -> tuple[int, int]:
    found = re.search(r'class="session-timeout".*?data-remaining-seconds="(\d+)" data-warning-seconds="(\d+)"',
                      page, flags=re.S)
    assert found, "no session warning on the page"
    return int(found.group(1)), int(found.group(2))


def test_a_tenant_page_warns_two_minutes_before_the_30_minutes_end(client, tenant):
    client.force_login(tenant)
    page = client.get(reverse("portal:home")).content.decode()
    remaining, warning = seconds_left(page)
    assert 1790 <= remaining <= 1800 and warning == 120
    assert "Rester connecté" in page and "palier/session-timeout.js" in page


def test_a_staff_page_counts_the_15_minutes_of_staff(client, agent):
    client.force_login(agent)
    remaining, _warning = seconds_left(client.get(reverse("backoffice:home"), follow=True).content.decode())
    assert 890 <= remaining <= 900


def test_no_warning_for_someone_not_signed_in(client, landlord):
    assert "session-timeout" not in client.get(reverse("portal:login")).content.decode()


def test_the_kiosk_keeps_its_own_warning(kiosk_client, tenancy, tenant):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    page = kiosk_client.get(reverse("kiosk:tenant-home")).content.decode()
    assert "kiosk-timeout" in page and 'class="session-timeout"' not in page


def test_staying_signed_in_gives_the_full_idle_time_back(client, tenant):
    client.force_login(tenant)
    client.get(reverse("portal:home"))
    session = client.session
    session["palier_last_seen"] = time.time() - 1700  # 100 seconds before the end
    session.save()
    answer = client.post(reverse("still-here"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and 1790 <= answer.json()["remaining"] <= 1800
    assert 1790 <= seconds_left(client.get(reverse("portal:home")).content.decode())[0]


def test_without_javascript_the_form_goes_back_to_the_page(client, tenant):
    client.force_login(tenant)
    response = client.post(reverse("still-here"), {"next": reverse("portal:rent")})
    assert response.status_code == 302 and response["Location"] == reverse("portal:rent")
    elsewhere = client.post(reverse("still-here"), {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"
    assert client.get(reverse("still-here")).status_code == 405


def test_the_twelve_hours_cannot_be_stretched(client, tenant):
    client.force_login(tenant)
    client.get(reverse("portal:home"))
    session = client.session
    session["palier_started_at"] = time.time() - 12 * 3600 + 60
    session.save()
    answer = client.post(reverse("still-here"), HTTP_ACCEPT="application/json")
    assert answer.json()["remaining"] <= 60


def test_a_session_already_ended_goes_to_sign_in(client, tenant):
    client.force_login(tenant)
    client.get(reverse("portal:home"))
    session = client.session
    session["palier_last_seen"] = time.time() - 3600
    session.save()
    response = client.post(reverse("still-here"), HTTP_ACCEPT="application/json")
    assert response.status_code == 302 and response["Location"] == reverse("portal:login")
