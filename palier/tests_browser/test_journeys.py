"""A tenant who uses only a keyboard: she activates her account, signs out and signs in again
with Tab, typing and Enter. The focus is visible at every stop; each page passes the checks.
(The same journeys with the mouse, wrong answers included: test_activation_journey.py.)"""

import pytest

from palier import testing as t
from palier.core.acting import Acting
from palier.tenancies.models import HouseholdRole
from palier.tenancies.services import issue_activation

from .helpers import check_page, tab_to

pytestmark = pytest.mark.browser

NEW_PASSWORD = "blue kettle on the stove"


@pytest.fixture
def newcomer(tenancy, landlord):
    """Leila Benali, co-tenant of Amina's tenancy 2601234, who never used Palier."""
    return t.person(tenancy.household, "Leila", "Benali", role=HouseholdRole.COTENANT, phone="+32475112256",
                    email="leila.benali@example.org", with_account=False)


def answer_by_keyboard(page, selector: str, text: str, next_path: str) -> None:
    """Tab to the field, type, press Enter; land on `next_path`, which must pass the checks."""
    tab_to(page, selector)
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(next_path), f"expected {next_path}, at {page.url}"
    check_page(page)


def sign_in_by_keyboard(page, identifier: str, password: str) -> None:
    page.goto("/sign-in/")
    tab_to(page, "input[name=identifier]")
    page.keyboard.type(identifier)
    answer_by_keyboard(page, "input[name=password]", password, "/")


def sign_out_by_keyboard(page) -> None:
    tab_to(page, "form[action$='/sign-out/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/sign-in/")


def test_a_tenant_activates_her_account_with_the_keyboard_only(page, newcomer):
    code = issue_activation(acting=Acting.system(), person=newcomer, method="letter").code
    page.goto("/activate/")
    check_page(page)
    answer_by_keyboard(page, "input[name=number]", "2601234", "/activate/code/")
    answer_by_keyboard(page, "input[name=code]", code, "/activate/password/")
    answer_by_keyboard(page, "input[name=password]", NEW_PASSWORD, "/activate/done/")
    sign_out_by_keyboard(page)
    check_page(page)
    sign_in_by_keyboard(page, "leila.benali@example.org", NEW_PASSWORD)
    assert "Leila" in page.locator("h1").inner_text()
