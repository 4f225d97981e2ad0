"""The pages each persona visits in the accessibility run, per front end.

Every named URL of the portal, the kiosk and the back office appears here once: as a `Page`
(visited by the listed personas, each page checked with axe-core, at 320 px and for CSP errors),
in `JOURNEY_PAGES` (pages reached only through earlier steps, visited by a journey test that checks
each step), or in `NOT_PAGES` (POST-only actions, files, redirects). `test_pages_table.py` fails
when a URL of a front end is in none of them, so a new page cannot miss the accessibility run.

`kwargs` builds the URL's arguments from the `world` of named people (see conftest.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

FRONT_ENDS = ("portal", "kiosk", "backoffice")


@dataclass(frozen=True)
class Page:
    url_name: str
    personas: tuple[str, ...]
    kwargs: Callable | None = None
    query: str = ""
    status: int = 200


STAFF_ROLES = ("agent", "technician", "accountant", "inclusion_officer", "manager", "administrator")


def aminas_tenancy(w):
    return {"pk": w.tenancy.pk}


def with_callback(w):
    """No URL arguments; makes sure Amina's call-back request (the `open_callback` fixture) exists first."""
    assert w.open_callback
    return {}


def with_news(w):
    """No URL arguments; makes sure the announcements of the `news` fixture exist first."""
    assert w.news
    return {}


PAGES = {
    "portal": [
        Page("portal:login", ("anonymous",)),
        Page("portal:accessibility", ("anonymous", "tenant")),
        Page("portal:activate", ("anonymous",)),
        Page("portal:unlock", ("anonymous",)),
        Page("portal:home", ("tenant", "cotenant", "helper")),
        Page("portal:home", ("tenant",), kwargs=with_news),
        Page("portal:profile", ("tenant", "helper")),
        Page("portal:contact-preferences", ("tenant",)),
        Page("portal:language", ("tenant", "helper")),
        Page("portal:account-pin", ("tenant",)),
        Page("portal:rent", ("tenant", "cotenant")),
        Page("portal:callback", ("tenant",)),
    ],
    "kiosk": [
        Page("kiosk:home", ("kiosk",)),
        Page("kiosk:home", ("kiosk",), kwargs=with_news),
        # What a browser that is not a registered kiosk gets instead of any kiosk page.
        Page("kiosk:home", ("anonymous",), status=404),
        Page("kiosk:help", ("kiosk",)),
        Page("kiosk:emergency", ("kiosk",)),
        Page("kiosk:sign-in", ("kiosk",)),
    ],
    "backoffice": [
        Page("backoffice:login", ("anonymous",)),
        Page("backoffice:two-factor-setup", ("agent", "helper")),
        Page("backoffice:home", STAFF_ROLES),
        Page("backoffice:tenant-search", ("agent",)),
        Page("backoffice:tenant-search", ("agent",), query="q=Benali"),
        Page("backoffice:tenant-detail", ("agent", "accountant"), kwargs=aminas_tenancy),
        Page("backoffice:tenant-ledger", ("agent", "accountant"), kwargs=aminas_tenancy),
        Page("backoffice:estate-list", ("agent", "administrator")),
        Page("backoffice:estate-detail", ("agent",), kwargs=lambda w: {"pk": w.estate.pk}),
        Page("backoffice:building-detail", ("agent", "administrator"), kwargs=lambda w: {"pk": w.building.pk}),
        Page("backoffice:staff-list", ("manager", "administrator")),
        Page("backoffice:staff-create", ("administrator",)),
        Page("backoffice:staff-edit", ("administrator",), kwargs=lambda w: {"pk": w.agent.pk}),
        Page("backoffice:kiosk-list", ("manager",)),
        Page("backoffice:kiosk-create", ("administrator",)),
        Page("backoffice:announcement-list", ("agent", "manager"), kwargs=with_news),
        Page("backoffice:announcement-create", ("agent", "manager")),
        Page("backoffice:callback-list", ("agent", "manager"), kwargs=with_callback),
        Page("backoffice:landlord-settings", ("administrator",)),
        Page("backoffice:agency-edit", ("administrator",), kwargs=lambda w: {"pk": w.agency.pk}),
    ],
}

# Steps of a journey, reached only through the step before: checked at each step by the test named.
KEYBOARD = "test_journeys.py::test_a_tenant_activates_her_account_with_the_keyboard_only"
ACTIVATION = "test_activation_journey.py::test_a_tenant_activates_her_account_step_by_step"
UNLOCK = "test_activation_journey.py::test_a_locked_out_tenant_unlocks_her_account_step_by_step"
KIOSK = "test_kiosk_journey.py::test_a_kiosk_is_enrolled_and_a_tenant_signs_in_with_her_pin"
TWO_FACTOR = "test_two_factor_journey.py::test_a_member_of_staff_sets_up_the_second_factor_and_uses_a_backup_code"
CALLBACK = "test_callback_journey.py::test_a_tenant_asks_to_be_called_back_on_the_web"
CALLBACK_KIOSK = "test_callback_journey.py::test_a_tenant_asks_to_be_called_back_at_the_kiosk"
JOURNEY_PAGES = {
    "portal:activate-code": KEYBOARD,
    "portal:activate-password": KEYBOARD,
    "portal:activate-done": KEYBOARD,
    "portal:activate-send": ACTIVATION,
    "portal:activate-pin": ACTIVATION,
    "portal:unlock-send": UNLOCK,
    "portal:unlock-code": UNLOCK,
    "portal:unlock-password": UNLOCK,
    "portal:unlock-done": UNLOCK,
    "kiosk:enrol": KIOSK,
    "kiosk:sign-in-pin": KIOSK,
    "kiosk:tenant-home": KIOSK,
    "backoffice:kiosk-enrolment": "test_backoffice_journey.py::test_a_manager_registers_a_kiosk_and_gets_its_link",
    "backoffice:two-factor-backup-codes": TWO_FACTOR,
    "backoffice:two-factor-verify": TWO_FACTOR,
    "portal:callback-done": CALLBACK,
    "kiosk:callback": CALLBACK_KIOSK,
    "kiosk:callback-done": CALLBACK_KIOSK,
}

# Not pages: actions that answer a POST with a redirect, downloads, machine endpoints.
NOT_PAGES = {
    "portal:logout": "POST only, redirects to the sign-in page",
    "backoffice:logout": "POST only, redirects to the sign-in page",
    "backoffice:activation-letter": "POST only, a PDF download",
    "backoffice:send-activation": "POST only, redirects to the tenant file",
    "backoffice:account-unlock": "POST only, redirects to the tenant file",
    "backoffice:kiosk-revoke": "POST only, redirects to the kiosk list",
    "backoffice:announcement-withdraw": "POST only, redirects to the announcement list",
    "backoffice:callback-done": "POST only, redirects to the call-back list",
    "backoffice:landlord-logo": "POST only, the logo upload of the settings page",
    "portal:landlord-logo": "an image",
    "kiosk:finish": "POST only, redirects to the start page",
    "kiosk:still-here": "POST only, answers 204 to the timeout script",
}


def personas_of(front_end: str) -> list[str]:
    seen = []
    for page in PAGES[front_end]:
        for persona in page.personas:
            if persona not in seen:
                seen.append(persona)
    return seen


def pages_for(front_end: str, persona: str) -> list[Page]:
    return [p for p in PAGES[front_end] if persona in p.personas]
