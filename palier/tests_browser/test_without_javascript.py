"""Palier works with JavaScript turned off."""

import pytest

from palier import testing as t

pytestmark = pytest.mark.browser


def test_a_tenant_signs_in_and_reaches_her_home_page_without_javascript(new_context, tenant, tenancy):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    assert "/sign-in/" in page.url
    page.get_by_label("Your email, phone number or tenancy number").fill(tenancy.number)
    page.get_by_label("Your password").fill(t.PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Amina" in page.locator("h1").inner_text()
    assert "535,50" in page.locator("main").inner_text()
