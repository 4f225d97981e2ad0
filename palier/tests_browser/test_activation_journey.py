"""The activation and unlock journeys in a browser: every step passes axe-core, reflows at 320 px
and raises no Content-Security-Policy error, with and without an error on the page."""

import re

import pytest
from django.core import mail

from palier import testing as t
from palier.core.acting import Acting
from palier.tenancies.models import HouseholdRole
from palier.tenancies.services import issue_activation

from .helpers import check_page

pytestmark = pytest.mark.browser


def submit(page, name: str, value: str) -> None:
    page.fill(f"input[name={name}]", value)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_a_tenant_activates_her_account_step_by_step(page, tenancy, landlord):
    leila = t.person(tenancy.household, "Leila", "Benali", role=HouseholdRole.COTENANT, phone="+32475112256",
                     with_account=False)
    code = issue_activation(acting=Acting.system(), person=leila, method="letter").code
    page.goto("/activate/")
    check_page(page)
    submit(page, "number", "9999999")
    check_page(page)
    submit(page, "number", tenancy.number)
    assert page.url.endswith("/activate/code/")
    check_page(page)
    submit(page, "code", "ZZZZ-ZZZZ")
    assert page.locator(".error-summary").count() == 1
    check_page(page)
    page.click("text=I have no letter: send me a code")
    check_page(page)
    page.goto("/activate/code/")
    submit(page, "code", code)
    assert page.url.endswith("/activate/password/")
    check_page(page)
    submit(page, "password", "short")
    check_page(page)
    page.click("main a[href$='/activate/pin/']")
    check_page(page)
    page.click("main a[href$='/activate/password/']")
    submit(page, "password", "blue kettle on the stove")
    assert page.url.endswith("/activate/done/")
    check_page(page)


def test_a_household_without_phone_or_email_sees_whom_to_call(page, neighbour_tenancy):
    page.goto("/activate/")
    submit(page, "number", neighbour_tenancy.number)
    page.goto("/activate/send/")
    assert "555 01 10" in page.inner_text("main")
    check_page(page)


def test_a_locked_out_tenant_unlocks_her_account_step_by_step(page, tenant, tenancy, cotenant):
    page.goto("/unlock/")
    check_page(page)
    submit(page, "identifier", tenant.email)
    assert page.url.endswith("/unlock/send/")
    check_page(page)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    check_page(page)
    page.click("label:has-text('email')")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/unlock/code/")
    check_page(page)
    code = re.search(r"\b\d{6}\b", mail.outbox[-1].body).group(0)
    submit(page, "code", code)
    check_page(page)
    submit(page, "password", "blue kettle on the stove")
    assert page.url.endswith("/unlock/done/")
    check_page(page)
    page.goto("/account/pin/")
    check_page(page)


def test_a_tenant_without_contact_details_is_sent_to_the_counter(page, cotenant):
    page.goto("/unlock/")
    submit(page, "identifier", cotenant.username)
    check_page(page)
    assert "555 01 10" in page.inner_text("main")
    assert page.locator("main input[type=radio]").count() == 0
