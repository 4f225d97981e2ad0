"""Staff, contractors and helpers confirm each sign-in with a code from an authenticator app, or a
single-use backup code. Tenants never do."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier import testing as t
from palier.audit.models import AuditEvent

SETUP = reverse("backoffice:two-factor-setup")
VERIFY = reverse("backoffice:two-factor-verify")
BACKUP = reverse("backoffice:two-factor-backup-codes")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PALIER_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _enrol(client, user) -> list[str]:
    """Sign `user` in and set up the app; returns the backup codes shown once."""
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": _code(device)}, follow=True)
    return re.findall(r"<li><code>([A-Z0-9]{4}-[A-Z0-9]{4})</code></li>", response.content.decode())


def _new_session(client, user):
    client.logout()
    client.force_login(user)


def test_an_agent_without_an_app_is_sent_to_set_one_up_before_any_back_office_page(client, agent):
    client.post(reverse("backoffice:login"), {"identifier": "nadia", "password": t.PASSWORD})
    for url in (reverse("backoffice:home"), reverse("backoffice:estate-list"), BACKUP):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url


def test_setting_up_shows_a_qr_code_and_the_key_then_ten_backup_codes_once(client, agent):
    agent.language = "en"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    html = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert '<img class="qr-code" src="data:image/svg+xml' in html
    assert 'alt="QR code to scan with your authenticator app"' in html
    key = re.search(r'<code class="secret-key" lang="en">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(key.replace(" ", "")) == 32
    # Reloading the page keeps the same key: the phone already scanned it.
    assert key in client.get(SETUP).content.decode()

    response = client.post(SETUP, {"code": _code(device)})
    assert response["Location"] == BACKUP
    html = client.get(BACKUP).content.decode()
    codes = re.findall(r"<li><code>([A-Z0-9]{4}-[A-Z0-9]{4})</code></li>", html)
    assert len(set(codes)) == 10
    assert "You will not see them again" in html
    # Shown once: the next visit only counts them.
    html = client.get(BACKUP).content.decode()
    assert codes[0] not in html and "You have 10 unused backup codes." in html
    assert client.get(reverse("backoffice:home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor_enrolled", target_id=str(agent.pk)).exists()


def test_backup_codes_are_kept_as_hashes_only(client, agent):
    codes = _enrol(client, agent)
    stored = set(StaticToken.objects.filter(device__user=agent).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c for code in codes for c in (code, code.replace("-", ""), code.lower())}


def test_a_wrong_code_while_setting_up_is_refused_counted_and_audited(client, agent):
    agent.language = "en"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    assert AuditEvent.objects.filter(action="accounts.second_factor_failed").count() == 1
    assert client.get(reverse("backoffice:home"))["Location"].startswith(SETUP)


def test_a_later_sign_in_is_confirmed_with_the_app_code_and_returns_to_the_page_asked_for(client, agent):
    _enrol(client, agent)
    client.logout()
    with time_machine.travel(_later(), tick=True):
        url = reverse("backoffice:login") + "?next=" + reverse("backoffice:estate-list")
        client.post(url, {"identifier": "nadia", "password": t.PASSWORD})
        response = client.get(reverse("backoffice:estate-list"))
        assert response["Location"] == VERIFY + "?next=%2Fstaff%2Festates%2F"
        response = client.post(response["Location"], {"code": _code(TOTPDevice.objects.get(user=agent))})
        assert response["Location"] == reverse("backoffice:estate-list")
        assert client.get(reverse("backoffice:estate-list")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.second_factor_verified")
    assert event.data == {"method": "totp"}


def _later():
    import datetime

    return datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=2)


def test_a_backup_code_works_once(client, agent):
    codes = _enrol(client, agent)
    _new_session(client, agent)
    assert client.post(VERIFY, {"backup_code": codes[0].lower()})["Location"] == reverse("backoffice:home")
    _new_session(client, agent)
    response = client.post(VERIFY, {"backup_code": codes[0]})
    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(client, agent):
    _enrol(client, agent)
    _new_session(client, agent)
    for _ in range(5):
        client.post(VERIFY, {"code": "123456"})
    with time_machine.travel(_later(), tick=True):
        response = client.post(VERIFY, {"code": _code(TOTPDevice.objects.get(user=agent))})
    assert response.status_code == 200
    assert "Too many wrong codes." in response.content.decode()
    assert client.get(reverse("backoffice:home")).status_code == 302
    failures = AuditEvent.objects.filter(action="accounts.second_factor_failed").order_by("id")
    reasons = list(failures.values_list("data", flat=True))
    assert reasons == [{"reason": "wrong"}] * 5 + [{"reason": "locked"}]


def test_a_helper_s_portal_pages_wait_for_the_second_factor(client, helper):
    client.post(reverse("portal:login"), {"identifier": "sophie@entraide.example", "password": t.PASSWORD})
    for url in (reverse("portal:home"), reverse("portal:profile")):
        assert client.get(url)["Location"].startswith(SETUP), url
    # The way out and the accessibility statement stay open.
    assert client.get(reverse("portal:accessibility")).status_code == 200
    assert client.post(reverse("portal:logout"))["Location"] == reverse("portal:login")


def test_a_contractor_is_asked_for_a_second_factor_too(client, contractor):
    client.force_login(contractor)
    assert client.get(reverse("portal:home"))["Location"].startswith(SETUP)
    assert client.get(SETUP).status_code == 200


def test_a_tenant_is_never_asked_for_a_second_factor(client, tenant):
    client.force_login(tenant)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(SETUP).status_code == 404
    assert client.get(VERIFY).status_code == 404


def test_the_django_admin_waits_for_the_second_factor(client, db):
    from palier.accounts.models import User

    client.force_login(User.objects.create_superuser("root", "a long admin password"))
    assert client.get("/django-admin/")["Location"].startswith(SETUP)


def test_after_confirming_an_address_on_another_site_is_ignored(client, agent):
    _enrol(client, agent)
    _new_session(client, agent)
    with time_machine.travel(_later(), tick=True):
        response = client.post(VERIFY + "?next=https://attacker.example/",
                               {"code": _code(TOTPDevice.objects.get(user=agent))})
    assert response["Location"] == reverse("backoffice:home")


def test_the_code_fields_are_labelled_for_one_time_codes(client, agent):
    _enrol(client, agent)
    _new_session(client, agent)
    html = client.get(VERIFY).content.decode()
    assert '<label class="field__label" for="id_code">Code from your authenticator app</label>' in html
    field = re.search(r"<input[^>]*id=\"id_code\"[^>]*>", html).group(0)
    assert 'autocomplete="one-time-code"' in field and 'inputmode="numeric"' in field
    assert '<label class="field__label" for="id_backup_code">Backup code</label>' in html


def test_without_the_requirement_staff_work_as_before_and_may_still_set_it_up(client, agent, settings):
    settings.PALIER_REQUIRE_2FA = False
    client.force_login(agent)
    assert client.get(reverse("backoffice:home")).status_code == 200
    assert client.get(SETUP).status_code == 200


def test_making_new_backup_codes_needs_a_confirmed_session_and_replaces_the_old_ones(client, agent):
    old = _enrol(client, agent)
    response = client.post(BACKUP)
    assert response["Location"] == BACKUP
    new = re.findall(r"<li><code>([A-Z0-9]{4}-[A-Z0-9]{4})</code></li>", client.get(BACKUP).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    _new_session(client, agent)
    assert client.post(BACKUP)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"backup_code": old[1]}).status_code == 200  # refused: replaced
    assert client.post(VERIFY, {"backup_code": new[1]}).status_code == 302


def test_an_administrator_resets_the_second_factor_of_someone_who_lost_their_phone(client, agent, administrator):
    _enrol(client, agent)
    assert client.get(reverse("backoffice:home")).status_code == 200
    admin = Client()
    _enrol(admin, administrator)
    page = admin.get(reverse("backoffice:staff-edit", args=[agent.pk])).content.decode()
    assert 'value="reset-second-factor"' in page
    response = admin.post(reverse("backoffice:staff-edit", args=[agent.pk]), {"action": "reset-second-factor"})
    assert response["Location"] == reverse("backoffice:staff-edit", args=[agent.pk])
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticToken.objects.filter(device__user=agent).exists()
    # The agent's open session lost its second factor at once.
    assert client.get(reverse("backoffice:home"))["Location"].startswith(SETUP)
    assert AuditEvent.objects.filter(action="accounts.second_factor_reset", target_id=str(agent.pk)).exists()


def test_only_an_administrator_can_reset_a_second_factor(agent, manager):
    from palier.accounts import second_factor
    from palier.core.acting import Acting
    from palier.core.errors import DomainError

    with pytest.raises(DomainError):
        second_factor.reset(acting=Acting(user=manager), user=agent)
