"""Every page of the back office, for every persona who sees it: 0 axe-core violations, no sideways
scroll at 320 px, no Content-Security-Policy error."""

import pytest

from .helpers import visit_pages
from .pages import pages_for, personas_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", personas_of("backoffice"))
def test_every_backoffice_page_is_accessible_for(persona, context_as, world):
    pages = pages_for("backoffice", persona)
    # In French, the default language, whose longer words test the 320 px reflow better.
    visited = visit_pages(context_as(persona, locale="fr-BE"), pages, world)
    assert len(visited) == len(pages)
