"""Helper mandates in a real browser: a tenant gives one on the web and at the kiosk, a helper acts
for her with the banner on every page, and an agent acts for her on the phone. Each screen
checked (axe-core, 320 px, CSP)."""

import pytest

from palier import testing as t
from palier.mandates.models import Mandate, MandateUse

from .helpers import check_page, copy_client_cookies, sign_in, submit

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1280}


def give_a_mandate(page, prefix, *, helper_identifier, scope, duration):
    page.goto(f"{prefix}/helpers/")
    check_page(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{prefix}/helpers/new/']").click()
    check_page(page)
    page.locator("input[name=identifier]").fill(helper_identifier)
    submit(page)
    assert page.url.endswith(f"{prefix}/helpers/new/what/")
    check_page(page)
    page.locator(f"input[name=scopes][value={scope}]").check()
    submit(page)
    check_page(page)
    page.locator(f"input[name=duration][value={duration}]").check()
    submit(page)
    assert page.url.endswith(f"{prefix}/helpers/new/check/")
    check_page(page)
    submit(page)
    check_page(page)


def test_a_tenant_gives_a_mandate_then_takes_part_of_it_back(new_context, tenant, tenant_person, tenancy, helper):
    context = new_context()
    sign_in(context, tenant)
    page = context.new_page()
    give_a_mandate(page, "", helper_identifier="sophie@entraide.example", scope="rent", duration="month")
    mandate = Mandate.objects.get()
    assert page.url.endswith(f"/helpers/{mandate.pk}/")
    assert "Sophie Laurent" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()  # take back the rent
    assert mandate.scopes.get(scope="rent").revoked_at is not None
    check_page(page)


def test_a_tenant_gives_a_mandate_at_the_kiosk(new_context, kiosk_client, tenant, tenant_person, tenancy, helper):
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    assert page.url.endswith("/kiosk/home/")
    give_a_mandate(page, "/kiosk", helper_identifier="sophie@entraide.example", scope="workshops", duration="day")
    assert Mandate.objects.get().consent == "kiosk"
    page.goto("/kiosk/helpers/journal/")
    check_page(page)


def test_a_tenant_says_yes_at_the_kiosk_to_a_request_waiting_for_her_code(new_context, kiosk_client, tenant,
                                                                            tenant_person, tenancy, helper):
    from palier.core.acting import Acting
    from palier.mandates import services

    asked = services.request_mandate_by_sms(acting=Acting(user=helper), tenant=tenant_person, helper=helper,
                                            scopes=["workshops"], duration="month")
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    check_page(page)
    with page.expect_navigation():
        page.locator("main .notice a[href='/kiosk/helpers/']").click()
    check_page(page)
    assert "Sophie" in page.locator(".mandate-requests").inner_text()
    with page.expect_navigation():
        page.locator(".mandate-requests button[value=accept]").click()
    check_page(page)
    asked.refresh_from_db()
    assert (asked.state, asked.consent) == ("active", "kiosk")


def test_a_helper_signs_in_at_the_kiosk_and_acts_for_a_tenant(new_context, kiosk_client, tenant, tenant_person,
                                                               helper):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from palier.core.acting import Acting
    from palier.mandates import services

    services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                           scopes=["rent", "workshops"], duration="month")
    device = TOTPDevice.objects.create(user=helper, name="authenticator", confirmed=True)
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/")
    with page.expect_navigation():
        page.locator("main a[href='/kiosk/i-help/sign-in/']").click()
    check_page(page)
    page.locator("input[name=identifier]").fill("sophie@entraide.example")
    page.locator("input[name=password]").fill(t.PASSWORD)
    submit(page)
    check_page(page)
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    page.locator("input[name=code]").fill(code)
    submit(page)
    assert page.url.endswith("/kiosk/i-help/")
    check_page(page)
    submit(page)  # "Act for Amina Benali"
    check_page(page)
    assert "Amina Benali" in page.locator(".acting-banner").inner_text()
    with page.expect_navigation():
        page.locator("main a[href='/kiosk/rent/']").click()
    check_page(page)
    assert "Amina Benali" in page.locator(".acting-banner").inner_text()
    assert MandateUse.objects.filter(actor=helper, channel="kiosk").exists()
    with page.expect_navigation():
        page.locator(".acting-banner button").click()
    assert page.locator(".acting-banner").count() == 0


def test_a_daughter_creates_her_helper_account(new_context, landlord):
    import re

    from palier.accounts.models import User
    from palier.notifications.models import Message

    context = new_context()
    page = context.new_page()
    page.goto("/helper-account/new/")
    check_page(page)
    page.locator("input[name=first_name]").fill("Claire")
    page.locator("input[name=last_name]").fill("Benali")
    page.locator("input[name=email]").fill("claire.benali@example.net")
    submit(page)
    check_page(page)
    code = re.search(r"\b(\d{6})\b", Message.objects.get(to="claire.benali@example.net").body).group(1)
    page.locator("input[name=code]").fill(code)
    submit(page)
    check_page(page)
    page.locator("input[name=password]").fill("lamp river quietly 42")
    submit(page)
    assert User.objects.get(email="claire.benali@example.net").role == "helper"


def test_a_helper_acts_for_a_tenant_with_a_banner_on_every_page(new_context, tenant, tenant_person, tenancy, helper):
    from palier.core.acting import Acting
    from palier.mandates import services

    services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                           scopes=["rent", "messages"], duration="month")
    context = new_context()
    sign_in(context, helper)
    page = context.new_page()
    page.goto("/")
    check_page(page)
    submit(page)  # "Act for Amina Benali"
    check_page(page)
    for path in ("/rent/", "/profile/", "/call-me-back/"):
        page.goto(path)
        assert "Amina Benali" in page.locator(".acting-banner").inner_text(), path
        check_page(page)
    assert MandateUse.objects.filter(actor=helper).count() >= 3
    with page.expect_navigation():
        page.locator(".acting-banner button").click()
    assert page.locator(".acting-banner").count() == 0


def test_an_agent_acts_for_a_tenant_on_the_phone(new_context, agent, tenant_person, tenancy):
    context = new_context()
    sign_in(context, agent)
    page = context.new_page()
    page.goto(f"/staff/tenants/{tenancy.pk}/mandates/")
    check_page(page)
    page.locator("input[name=channel][value=phone]").check()
    with page.expect_navigation():
        page.locator("form[action$='/act/'] button[type=submit]").click()
    assert "Amina Benali" in page.locator(".acting-banner").inner_text()
    check_page(page)
    page.goto("/rent/")
    check_page(page)
    assert MandateUse.objects.get(page="portal:rent").channel == "phone"
