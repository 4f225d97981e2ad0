"""Every page of the kiosk, for every persona who sees it: 0 axe-core violations, no sideways
scroll at 320 px, no Content-Security-Policy error."""

import pytest

from .helpers import visit_pages
from .pages import pages_for, personas_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", personas_of("kiosk"))
def test_every_kiosk_page_is_accessible_for(persona, context_as, world):
    pages = pages_for("kiosk", persona)
    # In French, the default language, whose longer words test the 320 px reflow better.
    visited = visit_pages(context_as(persona, locale="fr-BE"), pages, world)
    assert len(visited) == len(pages)


def test_a_long_agency_email_in_the_help_block_still_fits_at_320_px(context_as, world):
    """Real addresses can be long (and have no place to break): the page must not scroll sideways."""
    agency = world.tenancy.dwelling.building.estate.agency
    agency.email = "accueil.locataires.service.clientele@foyer-bruxellois-demo.example"
    agency.save(update_fields=["email"])
    pages = [p for p in pages_for("kiosk", "kiosk") if p.url_name == "kiosk:home"]
    assert visit_pages(context_as("kiosk", locale="fr-BE"), pages, world)
