"""The kiosk's idle timeout in a real browser: the warning appears before the end (WCAG 2.2.1),
"I am still here" extends the session, and at the end the kiosk finishes by itself and clears
everything. (Without JavaScript the server ends the session on its own: see
palier/kiosk/tests/test_kiosk_session.py.)"""

import pytest
from django.urls import reverse

from palier import testing as t

from .helpers import check_page

pytestmark = pytest.mark.browser


def kiosk_sign_in(page, tenancy):
    # The kiosk speaks the landlord's language (French) until someone switches: find the fields
    # and buttons by their place, not their words.
    page.goto(reverse("kiosk:sign-in"))
    page.locator("input[name=number]").fill(tenancy.number)
    page.locator("main button[type=submit]").click()
    page.locator("input[name=pin]").fill(t.PIN)
    page.locator("main button[type=submit]").click()


def test_the_idle_warning_appears_and_i_am_still_here_extends_the_session(context_as, world, settings):
    settings.PALIER_IDLE_SECONDS = {**settings.PALIER_IDLE_SECONDS, "kiosk": 40}
    settings.PALIER_KIOSK_WARNING_SECONDS = 30
    world.tenant  # noqa: B018
    context = context_as("kiosk", locale="en-GB")
    page = context.new_page()
    kiosk_sign_in(page, world.tenancy)
    warning = page.locator(".kiosk-timeout")
    warning.wait_for(state="visible", timeout=15_000)
    check_page(page)
    # After sign-in the kiosk speaks Amina's language (French): find the button by its place.
    page.locator(".kiosk-timeout button").click()
    warning.wait_for(state="hidden", timeout=5_000)
    assert page.url.endswith(reverse("kiosk:tenant-home"))


def test_at_the_end_of_the_idle_time_the_kiosk_finishes_by_itself(context_as, world, settings):
    settings.PALIER_IDLE_SECONDS = {**settings.PALIER_IDLE_SECONDS, "kiosk": 6}
    settings.PALIER_KIOSK_WARNING_SECONDS = 4
    world.tenant  # noqa: B018
    context = context_as("kiosk", locale="en-GB")
    page = context.new_page()
    kiosk_sign_in(page, world.tenancy)
    page.wait_for_url(f"**{reverse('kiosk:home')}", timeout=15_000)
    assert page.locator(".notice").count() == 1  # "Session ended. Your information is cleared."
    assert page.goto(reverse("kiosk:tenant-home")).url.endswith(reverse("kiosk:sign-in"))
