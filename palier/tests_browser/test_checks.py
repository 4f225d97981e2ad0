"""The checks themselves catch what they promise to catch."""

import pytest

from .helpers import check_accessibility, check_csp, check_reflow

pytestmark = pytest.mark.browser


def test_an_inline_style_blocked_by_the_content_security_policy_fails_the_page(page):
    page.goto("/sign-in/")
    page.evaluate("() => { const d = document.createElement('div');"
                  " d.innerHTML = '<p style=\"color: red\">x</p>'; document.body.appendChild(d); }")
    page.wait_for_timeout(100)
    with pytest.raises(AssertionError, match="Content-Security-Policy"):
        check_csp(page)


def test_an_image_without_a_text_alternative_is_reported_with_its_rule_and_selector(page):
    page.goto("/sign-in/")
    page.evaluate("() => { const i = document.createElement('img'); i.id = 'bad-image';"
                  " i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.querySelector('main').append(i); }")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*\n.*#bad-image"):
        check_accessibility(page)


def test_a_page_wider_than_320_pixels_fails_the_reflow_check(page):
    page.goto("/sign-in/")
    page.evaluate("() => { const p = document.createElement('pre'); p.textContent = 'x'.repeat(400);"
                  " document.querySelector('main').append(p); }")
    with pytest.raises(AssertionError, match="scrolls sideways at 320 px"):
        check_reflow(page)
