"""Browser fixtures: the system's Chromium driven by Playwright, against pytest-django's live server.

One browser per test process (each xdist worker launches its own, with its own live server), a
fresh browser context per test so that cookies never leak from one persona to another. Every page
a test opens is watched for Content-Security-Policy violations; `check_page` runs axe-core, the
320 px reflow check and the CSP check in one call.
"""

import os
import shutil

import pytest

from .helpers import CspWatcher, copy_client_cookies, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("The browser tests need Chromium: run 'make browsers' (apt-get install chromium).")
    browser = playwright_instance.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, django_db_setup, live_server):
    """Open browser contexts (a fresh cookie jar each); all are closed when the test ends.

    The test database is set up before the live server, so that the server (and its database
    connection) stops before the test database is dropped at the end of the run."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        # English, the language of the source strings, so that tests can find text and labels as
        # written in the code. A signed-in person still sees their own language.
        options.setdefault("locale", "en-GB")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.palier_base_url = options["base_url"]
        context.csp = CspWatcher()
        context.on("page", context.csp.watch)
        contexts.append(context)
        return context

    yield make
    # A violation after the last check of a test still fails it.
    late = [v for context in contexts for v in context.csp.violations]
    for context in contexts:
        context.close()
    assert not late, "Content-Security-Policy violations:\n" + "\n".join(f"- {v}" for v in late)


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


class LazyWorld:
    """The named people and things of the root conftest, created when first asked for."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.fixture
def news(agent, manager, estate, building):
    """An urgent announcement for Amina's building and an ordinary one for everyone."""
    from palier.contact.services import publish_announcement
    from palier.core.acting import Acting

    return [
        publish_announcement(acting=Acting(user=agent), target="building", building=building, urgent=True,
                             texts={"fr": ("Coupure d'eau demain", "L'eau sera coupée de 8 h à 12 h dans tout le bloc.")}),
        publish_announcement(acting=Acting(user=manager), target="all",
                             texts={"fr": ("Nouveaux horaires", "L'agence ouvre aussi le mercredi après-midi.")}),
    ]


@pytest.fixture
def open_callback(tenant, tenant_person, tenancy):
    """Amina asked to be called back in the morning."""
    from palier.contact.services import request_callback
    from palier.core.acting import Acting

    return request_callback(acting=Acting(user=tenant), person=tenant_person, phone="0470 12 34 56",
                            when="morning", note="Question sur mon loyer")


@pytest.fixture
def world(request, transactional_db):
    return LazyWorld(request)


@pytest.fixture
def context_as(new_context, world):
    """A browser context for a persona: "anonymous", "kiosk" (the enrolled kiosk device of the
    common room, not signed in) or any named person of the root conftest (signed in)."""

    def make(persona: str, **options):
        context = new_context(**options)
        if persona == "kiosk":
            copy_client_cookies(context, world.kiosk_client)
        elif persona != "anonymous":
            sign_in(context, getattr(world, persona))
        return context

    return make
