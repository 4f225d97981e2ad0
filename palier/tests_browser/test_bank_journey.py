"""The accountant's bank statement journey in the browser, each step checked (axe-core, 320 px, CSP)."""

from pathlib import Path

import pytest

from .helpers import check_page

pytestmark = pytest.mark.browser

FILES = Path(__file__).resolve().parent.parent / "rent" / "tests" / "files"


def test_an_accountant_imports_a_statement_then_books_a_line_by_hand(context_as, world, tmp_path):
    assert world.tenant_person and world.neighbour_person
    page = context_as("accountant", locale="fr-BE").new_page()
    page.goto("/staff/bank/")
    check_page(page)
    # A truncated file first: the error summary names the line and the reason.
    truncated = tmp_path / "tronque.cod"
    truncated.write_bytes(b"\r\n".join((FILES / "coda_212.cod").read_bytes().split(b"\r\n")[:8]))
    page.locator("input[type=file]").set_input_files(str(truncated))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Ligne 9" in page.locator(".error-summary").inner_text()
    check_page(page)
    page.locator("input[type=file]").set_input_files(str(FILES / "coda_212.cod"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Extrait importé : 5 lignes" in page.locator("main").inner_text()
    check_page(page)
    page.goto("/staff/bank/review/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ligne 9").click()
    page.locator("input[name=q]").fill("Peeters")
    with page.expect_navigation():
        page.locator("form[role=search] button").click()
    check_page(page)
    with page.expect_navigation():
        page.locator("form[action$='/match/'] button").first.click()
    assert "Le paiement est comptabilisé sur le bail 2605678" in page.locator("main").inner_text()
    check_page(page)
