"""Walks each front end's permission grid as every persona, with Django's test client."""

import pytest

from .framework import PERSONAS, walk
from .grids import GRIDS
from .urls import all_url_names


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("grid", GRIDS, ids=lambda g: g.name)
def test_each_persona_gets_what_the_grid_expects(grid, persona, client_as, world):
    problems = walk(grid.rows, persona, client_as(persona), world)
    assert not problems, f"{persona} on the {grid.name} grid:\n" + "\n".join(f"- {p}" for p in problems)


def test_every_url_of_the_project_is_in_a_grid():
    in_grids = {r.url_name for g in GRIDS for r in g.rows}
    missing = sorted(set(all_url_names()) - in_grids)
    assert not missing, ("These URLs have no row in a permission grid (palier/tests_grid/grid_*.py): "
                         + ", ".join(missing))


def test_every_row_of_the_grids_names_a_url_that_exists():
    stale = sorted({r.url_name for g in GRIDS for r in g.rows} - set(all_url_names()))
    assert not stale, "These grid rows name URLs that no longer exist: " + ", ".join(stale)


def test_object_urls_have_a_row_for_someone_elses_object():
    """An object URL is checked with the actor's own object and with a foreign one (404)."""
    lacking = []
    for g in GRIDS:
        with_kwargs = {}
        for r in g.rows:
            if r.kwargs:
                with_kwargs.setdefault(r.url_name, []).append(r)
        for name, rows in with_kwargs.items():
            if not any(404 in r.expected.values() and r.label for r in rows):
                lacking.append(name)
    assert not lacking, "Object URLs without a foreign-object row (label=...) expecting 404: " + ", ".join(lacking)
