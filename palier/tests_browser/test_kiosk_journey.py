"""The kiosk in a real browser: enrolled from its link, a tenant signs in with her tenancy number
and PIN, the idle warning comes, she asks for more time, then finishes. Each screen checked."""

import pytest

from palier import testing as t
from palier.core.acting import Acting
from palier.estates import kiosks

from .helpers import check_accessibility, check_page, focus_is_visible, submit

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def test_a_kiosk_is_enrolled_and_a_tenant_signs_in_with_her_pin(new_context, kiosk_device, tenant, tenancy, settings):
    token = kiosks.issue_enrolment(acting=Acting.system(), kiosk=kiosk_device)
    context = new_context(viewport=KIOSK_SCREEN)
    context.clock.install()
    page = context.new_page()

    page.goto(f"/kiosk/enrol/{token}/")
    check_page(page)
    submit(page)
    check_page(page)

    page.goto("/kiosk/")
    with page.expect_navigation():
        page.locator("a[href$='/kiosk/sign-in/']").click()
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    assert page.url.endswith("/kiosk/sign-in/pin/")
    check_page(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/home/")
    check_page(page)

    warning = page.locator(".kiosk-timeout")
    assert warning.count() == 1 and warning.is_hidden()
    idle = settings.PALIER_IDLE_SECONDS["kiosk"]
    page.clock.run_for((idle - settings.PALIER_KIOSK_WARNING_SECONDS + 2) * 1000)
    assert warning.is_visible()
    assert page.evaluate("document.activeElement.closest('.kiosk-timeout') !== null")
    assert focus_is_visible(page)
    check_accessibility(page)

    with page.expect_response(lambda r: r.url.endswith("/kiosk/still-here/")) as still_here:
        page.keyboard.press("Enter")
    assert still_here.value.status == 204
    warning.wait_for(state="hidden")

    with page.expect_navigation():
        page.locator("#kiosk-finish button").click()
    assert page.url.endswith("/kiosk/")
    assert page.locator("#kiosk-finish").count() == 0
    check_page(page)
