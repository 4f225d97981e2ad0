"""A tenant changes her email, her phone number and her password; she types her password first.
Each step is checked (axe-core, 320 px, CSP)."""

import pytest

from palier import testing as t

from .helpers import check_page, sign_in

pytestmark = pytest.mark.browser


def _confirm(page):
    assert "/profile/confirm/" in page.url
    check_page(page)
    page.locator("input[name=secret]").fill(t.PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_tenant_confirms_it_is_her_then_changes_her_details(context, tenant):
    tenant.language = "en"
    tenant.save(update_fields=["language"])
    sign_in(context, tenant)
    page = context.new_page()

    page.goto("/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change my email address").click()
    _confirm(page)
    assert page.url.endswith("/profile/email/")
    check_page(page)
    page.locator("input[name=email]").fill("amina.b@example.org")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/profile/")
    assert "amina.b@example.org" in page.locator("main").inner_text()

    page.goto("/profile/phone/")
    _confirm(page)
    check_page(page)
    page.locator("input[name=phone]").fill("0470 99 88 77")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "+32470998877" in page.locator("main").inner_text()

    page.goto("/profile/password/")
    _confirm(page)
    check_page(page)
    page.locator("input[name=password]").fill("Soleil2024!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "attackers try" in page.locator("main").inner_text()
    check_page(page)
    page.locator("input[name=password]").fill("three green teapots")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/profile/")
