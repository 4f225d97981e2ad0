"""The accessibility run knows every page of every front end."""

from palier.tests_grid.urls import all_url_names

from .pages import FRONT_ENDS, JOURNEY_PAGES, NOT_PAGES, PAGES


def test_every_url_of_the_front_ends_is_visited_or_explained():
    known = {p.url_name for pages in PAGES.values() for p in pages} | set(JOURNEY_PAGES) | set(NOT_PAGES)
    front_end_urls = {name for name in all_url_names() if name.split(":")[0] in FRONT_ENDS}
    missing = sorted(front_end_urls - known)
    assert not missing, ("Add these pages to palier/tests_browser/pages.py (PAGES, JOURNEY_PAGES or NOT_PAGES): "
                         + ", ".join(missing))


def test_the_pages_table_names_only_urls_that_exist():
    known = {p.url_name for pages in PAGES.values() for p in pages} | set(JOURNEY_PAGES) | set(NOT_PAGES)
    stale = sorted(known - set(all_url_names()))
    assert not stale, "palier/tests_browser/pages.py names URLs that no longer exist: " + ", ".join(stale)


def test_every_journey_named_in_the_pages_table_exists():
    from pathlib import Path

    here = Path(__file__).parent
    missing = []
    for name, journey in JOURNEY_PAGES.items():
        module, test = journey.split("::")
        source = here / module
        if not source.exists() or f"def {test}(" not in source.read_text():
            missing.append(f"{name}: {journey}")
    assert not missing, "JOURNEY_PAGES names tests that do not exist:\n" + "\n".join(missing)
