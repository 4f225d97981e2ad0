"""The repair pages of every front end, for each persona who sees them: 0 axe-core violations, no
sideways scroll at 320 px, no Content-Security-Policy error. (The front ends' own runs visit them
too; this one lets the repairs pages be checked alone.)"""

import pytest

from .helpers import visit_pages
from .pages import PAGES

pytestmark = pytest.mark.browser


def repair_pages(front_end):
    return [p for p in PAGES.get(front_end, []) if ":repair" in p.url_name or front_end == "works"]


def cases():
    for front_end in PAGES:
        personas = []
        for page in repair_pages(front_end):
            for persona in page.personas:
                if persona not in personas:
                    personas.append(persona)
        for persona in personas:
            yield front_end, persona


@pytest.mark.parametrize(("front_end", "persona"), list(cases()))
def test_every_repair_page_is_accessible_for(front_end, persona, context_as, world):
    pages = [p for p in repair_pages(front_end) if persona in p.personas]
    visited = visit_pages(context_as(persona, locale="fr-BE"), pages, world)
    assert len(visited) == len(pages)
