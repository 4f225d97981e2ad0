"""Back-office journeys in the browser, each step checked (axe-core, 320 px, CSP)."""

import pytest

from palier import testing as t

from .helpers import check_page

pytestmark = pytest.mark.browser


def test_a_manager_registers_a_kiosk_and_gets_its_link(context_as, world):
    estate = world.estate
    page = context_as("manager").new_page()
    page.goto("/staff/kiosks/new/")
    page.locator("input[name=name]").fill("Borne hall d'entrée")
    page.locator("select[name=estate]").select_option(str(estate.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/kiosk/enrol/" in page.locator("main").inner_text()
    check_page(page)


def test_a_member_of_staff_signs_in_and_out(page, agent):
    page.goto("/staff/")
    assert "/staff/sign-in/" in page.url
    check_page(page)
    page.locator("input[name=identifier]").fill("nadia")
    page.locator("input[name=password]").fill(t.PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/staff/")
    with page.expect_navigation():
        page.locator("form[action$='/staff/sign-out/'] button").click()
    assert page.url.endswith("/staff/sign-in/")
    check_page(page)
