"""The privacy pages (portal "My data", tenant-file actions, the data-protection officer's pages)
for the personas who see them: 0 axe-core violations, no sideways scroll at 320 px, no CSP error.
They are in pages.py too, so the whole-site runs visit them again."""

import pytest

from .helpers import visit_pages
from .pages import PRIVACY_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("front_end,persona", [("portal", "tenant"), ("backoffice", "agent"),
                                               ("backoffice", "dpo")])
def test_every_privacy_page_is_accessible_for(front_end, persona, context_as, world):
    pages = [p for p in PRIVACY_PAGES[front_end] if persona in p.personas]
    visited = visit_pages(context_as(persona, locale="fr-BE"), pages, world)
    assert len(visited) == len(pages)
