"""The portal's and the back office's idle warning in a real browser (WCAG 2.2.1): it appears
before the end, "Stay signed in" keeps the person signed in, and at the end the page goes to the
sign-in page with the reason. (Without JavaScript the server ends the session on its own.)"""

import pytest
from django.urls import reverse

from .helpers import check_page

pytestmark = pytest.mark.browser


def test_the_warning_appears_and_stay_signed_in_keeps_the_tenant_in(context_as, world, settings):
    settings.PALIER_IDLE_SECONDS = {**settings.PALIER_IDLE_SECONDS, "tenant": 40}
    settings.PALIER_SESSION_WARNING_SECONDS = 30
    page = context_as("tenant", locale="fr-BE").new_page()
    page.goto(reverse("portal:home"))
    warning = page.locator(".session-timeout")
    warning.wait_for(state="visible", timeout=20_000)
    assert page.evaluate("document.activeElement.textContent").strip() == "Rester connecté"
    check_page(page)
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden", timeout=5_000)
    assert page.url.endswith(reverse("portal:home"))


def test_at_the_end_the_page_goes_to_sign_in_with_the_reason(context_as, world, settings):
    settings.PALIER_IDLE_SECONDS = {**settings.PALIER_IDLE_SECONDS, "tenant": 5}
    settings.PALIER_SESSION_WARNING_SECONDS = 3
    page = context_as("tenant", locale="fr-BE").new_page()
    page.goto(reverse("portal:rent"))
    page.wait_for_url(f"**{reverse('portal:login')}*", timeout=20_000)
    assert "rien ne s" in page.locator(".notices").inner_text()
