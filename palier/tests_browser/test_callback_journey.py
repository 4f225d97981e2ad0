"""Asking to be called back in a real browser, on the web portal and at the kiosk: from the help
block, one question, then the confirmation. Each screen checked."""

import pytest

from palier import testing as t
from palier.contact.models import CallbackRequest

from .helpers import check_page, sign_in, submit

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def test_a_tenant_asks_to_be_called_back_on_the_web(new_context, tenant, tenant_person, tenancy):
    context = new_context()
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation():
        page.locator("#help a[href$='/call-me-back/']").click()
    check_page(page)
    page.locator("input[name=when][value=afternoon]").check()
    page.locator("input[name=phone]").fill("0470 11 22 33")
    submit(page)
    assert page.url.endswith("/call-me-back/done/")
    check_page(page)
    assert "+32470112233" in page.locator("main").inner_text()
    assert CallbackRequest.objects.get(person=tenant_person).when == "afternoon"


def test_a_tenant_asks_to_be_called_back_at_the_kiosk(new_context, kiosk_client, tenant, tenant_person, tenancy):
    from .helpers import copy_client_cookies

    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/home/")
    with page.expect_navigation():
        page.locator("#help a[href$='/kiosk/call-me-back/']").click()
    check_page(page)
    submit(page)
    assert page.url.endswith("/kiosk/call-me-back/done/")
    check_page(page)
    callback = CallbackRequest.objects.get(person=tenant_person)
    assert callback.channel == "kiosk"
    assert callback.when == "any"
