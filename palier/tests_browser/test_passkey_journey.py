"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools WebAuthn domain) plays the
fingerprint reader. Each step is checked (axe-core, 320 px, CSP)."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from palier import testing as t

from .helpers import check_page

pytestmark = pytest.mark.browser


def _sign_in(page, base):
    page.goto(base + "/staff/")
    page.locator("input[name=identifier]").fill("nadia")
    page.locator("input[name=password]").fill(t.PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_member_of_staff_adds_a_passkey_and_signs_in_with_it(page, agent, settings, live_server):
    agent.language = "en"
    agent.save(update_fields=["language"])
    settings.PALIER_REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]
    page.context.palier_base_url = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    base = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]
    _sign_in(page, base)
    assert "/staff/two-factor/set-up/" in page.url
    button = page.locator("#passkey-register-button")
    button.wait_for()
    check_page(page)
    with page.expect_navigation():
        button.click()
    assert "/staff/two-factor/backup-codes/" in page.url
    check_page(page)
    assert WebAuthnCredential.objects.filter(user=agent, confirmed=True).count() == 1

    page.goto(base + "/staff/two-factor/passkeys/")
    check_page(page)
    assert "Your passkeys" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.locator("form[action$='/staff/sign-out/'] button").click()
    _sign_in(page, base)
    assert "/staff/two-factor/" in page.url and "set-up" not in page.url
    verify = page.locator("#passkey-verification-button")
    verify.wait_for()
    check_page(page)
    with page.expect_navigation():
        verify.click()
    assert page.url.endswith("/staff/")
