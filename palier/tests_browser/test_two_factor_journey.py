"""The second factor in the browser, each step checked (axe-core, 320 px, CSP)."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier import testing as t

from .helpers import check_page

pytestmark = pytest.mark.browser


def _sign_in(page):
    page.goto("/staff/")
    page.locator("input[name=identifier]").fill("nadia")
    page.locator("input[name=password]").fill(t.PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_member_of_staff_sets_up_the_second_factor_and_uses_a_backup_code(page, agent, settings):
    settings.PALIER_REQUIRE_2FA = True
    _sign_in(page)
    assert "/staff/two-factor/set-up/" in page.url
    check_page(page)
    assert page.locator("img.qr-code").is_visible()
    key = page.locator("code.secret-key").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert len(key) == 32
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.locator("input[name=code]").fill(f"{code:06d}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert "/staff/two-factor/backup-codes/" in page.url
    check_page(page)
    codes = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator("ul.backup-codes").inner_text())
    assert len(codes) == 10
    with page.expect_navigation():
        page.locator("main a.button").click()
    assert page.url.endswith("/staff/")

    with page.expect_navigation():
        page.locator("form[action$='/staff/sign-out/'] button").click()
    _sign_in(page)
    assert "/staff/two-factor/" in page.url and "set-up" not in page.url
    check_page(page)
    page.locator("input[name=backup_code]").fill(codes[0])
    with page.expect_navigation():
        page.locator("main form").nth(1).locator("button[type=submit]").click()
    assert page.url.endswith("/staff/")
