"""Checks every browser test runs on the pages it opens: axe-core (WCAG 2.0, 2.1 and 2.2, levels A
and AA), reflow at 320 CSS pixels, no Content-Security-Policy violation, visible focus."""

import functools
import time

from django.conf import settings
from django.test import Client

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
NARROW = 320


class CspWatcher:
    """Collects the console messages in which the browser reports a blocked inline style, script
    or resource (Chromium words them "... violates the following Content Security Policy ...")."""

    def __init__(self):
        self.violations = []

    def watch(self, page):
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def assert_none(self):
        found, self.violations = self.violations, []
        assert not found, "Content-Security-Policy violations:\n" + "\n".join(f"- {v}" for v in found)


@functools.cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def describe_violations(violations) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                            for node in v["nodes"][:8])
        lines.append(f"- {v['id']} ({v.get('impact') or 'n/a'}): {v['help']}\n    at {targets}\n    {v.get('helpUrl', '')}")
    return "\n".join(lines)


def check_accessibility(page) -> None:
    """0 axe-core violations of the WCAG 2.2 A and AA rules on the page as it is now."""
    results = _axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{len(violations)} accessibility violation(s) on {page.url}:\n" + describe_violations(
        violations)


def check_reflow(page) -> None:
    """At 320 CSS pixels wide the page scrolls only vertically (WCAG 1.4.10). Restores the viewport."""
    before = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 640})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW + 1:
            culprits = page.evaluate(
                """(limit) => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > limit + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))""",
                NARROW,
            )
            raise AssertionError(f"{page.url} scrolls sideways at {NARROW} px ({width} px wide); widest: {culprits}")
    finally:
        if before:
            page.set_viewport_size(before)


def check_csp(page) -> None:
    page.context.csp.assert_none()


def check_page(page) -> None:
    """The three checks every visited page must pass."""
    check_accessibility(page)
    check_reflow(page)
    check_csp(page)


def submit(page, selector: str = "main form button[type=submit]", *, last: bool = False) -> None:
    """Press a form's submit button (the first of the page, or the last) and wait for the next page."""
    button = page.locator(selector)
    with page.expect_navigation():
        (button.last if last else button.first).click()


def focus_is_visible(page) -> bool:
    """The focused element shows an outline or a box-shadow (WCAG 2.4.7 / 2.4.11)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            return outline || shadow;
        }"""
    )


def focused_description(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : 'nothing'; }")


def sign_in(context, user, *, kiosk=None) -> None:
    """Give the browser context a signed-in session for `user`, as if they had typed their password:
    the session is opened by Django's test client and its cookie copied into the browser."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["palier_started_at"] = time.time()
    session["palier_last_seen"] = time.time()
    session["palier_kiosk"] = bool(kiosk)
    session.save()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
                          "url": context.palier_base_url}])


def copy_client_cookies(context, client) -> None:
    """Give the browser the cookies a Django test client holds (a kiosk credential, a session)."""
    cookies = [{"name": name, "value": morsel.value, "url": context.palier_base_url}
               for name, morsel in client.cookies.items() if morsel.value]
    if cookies:
        context.add_cookies(cookies)


def visit_pages(context, pages, world) -> list[str]:
    """Open each page in one tab and run the three checks on each; fail once at the end with every
    page's problems. Returns the addresses visited."""
    from django.urls import reverse

    page = context.new_page()
    visited, problems = [], []
    for entry in pages:
        url = reverse(entry.url_name, kwargs=entry.kwargs(world) if entry.kwargs else None)
        if entry.query:
            url = f"{url}?{entry.query(world) if callable(entry.query) else entry.query}"
        response = page.goto(url)
        status = response.status if response else None
        visited.append(url)
        if status != entry.status:
            problems.append(f"{entry.url_name} ({url}): expected {entry.status}, got {status}")
            continue
        for check in (check_accessibility, check_reflow, check_csp):
            try:
                check(page)
            except AssertionError as exc:
                problems.append(f"{entry.url_name} ({url}): {exc}")
    assert not problems, "\n\n".join(problems)
    return visited


def tab_to(page, selector: str, *, limit: int = 40) -> int:
    """Press Tab until `selector` has the focus, checking that every element the focus lands on
    shows it. Returns the number of Tab presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), f"The focus is not visible on {focused_description(page)} ({page.url})"
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab on {page.url}")


def go(page, selector: str) -> None:
    """Follow a link or press a button (the first match) and check the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()
    check_page(page)


def kiosk_page_signed_in(new_context, kiosk_client, tenancy, *, viewport, locale="fr-BE"):
    """A page of the registered kiosk, its tenant signed in with the tenancy number and the PIN."""
    from palier import testing as t

    context = new_context(viewport=viewport, locale=locale)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator("input[name=pin]").fill(t.PIN)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page
