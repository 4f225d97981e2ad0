"""Direct debit and payment plans in a real browser: a tenant sets up and stops her direct debit on
the web and at the kiosk (her password, or her PIN, asked again), and asks for a payment plan.
Each screen checked with axe-core, at 320 px and for CSP errors."""

import datetime as dt

import pytest

from palier import testing as t
from palier.core.acting import Acting
from palier.rent.arrears_models import PaymentPlan, PlanState
from palier.rent.debit_models import Mandate, MandateState
from palier.rent.services import charge_rent

from .helpers import check_page, copy_client_cookies, sign_in, submit

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def test_a_tenant_sets_up_her_direct_debit_on_the_web_and_stops_it(new_context, tenant, tenant_person, tenancy):
    context = new_context()
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/rent/")
    with page.expect_navigation():
        page.locator("main a[href$='/rent/direct-debit/']").click()
    check_page(page)
    with page.expect_navigation():
        page.locator("main a[href$='/rent/direct-debit/set-up/']").click()
    check_page(page)
    page.locator("input[name=iban]").fill("BE68 5390 0754 7035")
    page.locator("input[name=agree]").check()
    page.locator("input[name=secret]").fill(t.PASSWORD)
    submit(page)
    # A wrong IBAN: the error summary says so, and the page is still accessible.
    assert page.locator(".error-summary").is_visible()
    check_page(page)
    page.locator("input[name=iban]").fill("BE68 5390 0754 7034")
    page.locator("input[name=secret]").fill(t.PASSWORD)
    submit(page)
    assert page.url.endswith("/rent/direct-debit/")
    check_page(page)
    assert "7034" in page.locator("main").inner_text()
    mandate = Mandate.objects.get(tenancy=tenancy)
    assert mandate.state == MandateState.ACTIVE
    with page.expect_navigation():
        page.locator("main a[href$='/rent/direct-debit/stop/']").click()
    check_page(page)
    submit(page)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.CANCELLED


def test_a_tenant_who_owes_rent_asks_for_a_payment_plan(new_context, tenant, tenant_person, tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 10, 1))
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    context = new_context()
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/rent/")
    check_page(page)
    with page.expect_navigation():
        page.locator("main a[href$='/rent/payment-plan/']").click()
    check_page(page)
    page.locator("input[name=monthly]").fill("80")
    submit(page)
    check_page(page)
    plan = PaymentPlan.objects.get(tenancy=tenancy)
    assert plan.state == PlanState.REQUESTED
    assert str(plan.offered_monthly) == "80.00"


def test_a_tenant_sets_up_and_stops_her_direct_debit_at_the_kiosk(new_context, kiosk_client, tenant, tenant_person,
                                                                   tenancy):
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/home/")
    page.goto("/kiosk/rent/")
    check_page(page)
    with page.expect_navigation():
        page.locator("main a[href$='/kiosk/rent/direct-debit/']").click()
    check_page(page)
    page.goto("/kiosk/rent/direct-debit/set-up/")
    check_page(page)
    page.locator("input[name=iban]").fill("BE68 5390 0754 7034")
    page.locator("input[name=agree]").check()
    page.locator("input[name=secret]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/rent/direct-debit/")
    mandate = Mandate.objects.get(tenancy=tenancy)
    assert mandate.channel == "kiosk"
    page.goto("/kiosk/rent/direct-debit/stop/")
    check_page(page)
    submit(page)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.CANCELLED
    page.goto("/kiosk/rent/payment-plan/")
    check_page(page)
