"""With the second factor required, no page of the grids that shows something opens before the
code: staff and helpers without an authenticator app are sent to set one up, from every page."""

from django.urls import reverse

from palier.backoffice.middleware import OPEN_UNTIL_VERIFIED

from .framework import OK, outcome, to
from .grids import GRIDS


def test_with_the_second_factor_required_every_page_waits_for_it(settings, world, client_as):
    settings.PALIER_REQUIRE_2FA = True
    setup = to("backoffice:two-factor-setup")
    problems, checked = [], 0
    for persona in ("agent", "accountant", "manager", "administrator", "dpo", "helper", "contractor"):
        client = client_as(persona)
        for grid in GRIDS:
            for r in grid.rows:
                if r.expected[persona] != OK or r.url_name in OPEN_UNTIL_VERIFIED or r.url_name == setup.url_name:
                    continue
                url = reverse(r.url_name, kwargs=r.kwargs(world) if r.kwargs else None)
                got = outcome(getattr(client, r.method)(url, r.data(world) if r.data else {}))
                checked += 1
                if got != setup:
                    problems.append(f"{persona}: {r.title} {url} gave {got}")
    assert checked > 20
    assert not problems, "\n".join(problems)


def test_with_the_second_factor_required_tenants_and_open_pages_are_unchanged(settings, world, client_as):
    settings.PALIER_REQUIRE_2FA = True
    tenant = client_as("tenant")
    assert tenant.get(reverse("portal:home")).status_code == 200
    helper = client_as("helper")
    assert helper.get(reverse("portal:accessibility")).status_code == 200
    assert helper.get(reverse("backoffice:two-factor-setup")).status_code == 200
