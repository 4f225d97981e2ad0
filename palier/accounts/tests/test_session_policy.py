import datetime as dt

import time_machine
from django.urls import reverse

from palier import testing as t

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def sign_in(client, identifier):
    response = client.post(reverse("portal:login"), {"identifier": identifier, "password": t.PASSWORD})
    assert response.status_code == 302


def test_a_tenant_stays_signed_in_while_active_and_is_signed_out_after_30_idle_minutes(client, tenant, tenancy):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, tenancy.number)
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("portal:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("portal:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:login")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_staff_session_ends_after_15_idle_minutes(client, agent):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "nadia")
        clock.shift(dt.timedelta(minutes=14))
        assert client.get(reverse("backoffice:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=16))
        response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:login")


def test_no_session_lasts_longer_than_12_hours_even_when_active(client, tenant, tenancy):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, tenancy.number)
        for _ in range(25):
            clock.shift(dt.timedelta(minutes=29))
            last = client.get(reverse("portal:home"))
    assert last.status_code == 302


def test_signed_in_pages_are_never_stored_by_the_browser(client, tenant):
    client.force_login(tenant)
    response = client.get(reverse("portal:home"))
    assert "no-store" in response["Cache-Control"]


def test_signing_in_gives_a_new_session_id(client, tenant, tenancy):
    client.get(reverse("portal:login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, tenancy.number)
    assert client.session.session_key != before
