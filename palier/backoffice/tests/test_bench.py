import io

import pytest
from django.core.management import call_command

from palier.backoffice.bench_support import default_pages, format_table, measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_landlord():
    call_command("seed_demo", dwellings=30, stdout=io.StringIO())


def test_measuring_the_tenant_home_page_counts_the_queries_of_each_request(small_landlord):
    home = default_pages(sample=5)[0]

    result = measure(home, requests=5, warmup=1)

    assert result.requests == 5
    assert result.queries_min > 0
    assert result.statuses == {200: 5}
    assert 0 < result.median_ms <= result.p95_ms


def test_the_back_office_pages_are_measured_as_an_agent_of_the_tenant_s_agency(small_landlord):
    results = [measure(page, requests=5, warmup=1) for page in default_pages(sample=5)]

    for result in results:
        assert result.statuses == {200: 5}, result.name
        assert result.queries_max >= result.queries_min > 0


def test_the_table_shows_the_engine_the_data_set_and_the_targets(small_landlord):
    results = [measure(page, requests=3, warmup=0) for page in default_pages(sample=3)]

    table = format_table(results, engine="SQLite", dwellings=30)

    assert "Engine: SQLite" in table and "30 dwellings" in table
    assert "≤ 10 queries" in table and "p95 ≤ 100 ms" in table
    assert "Tenant home (portal:home)" in table


def test_with_the_second_factor_required_staff_pages_are_measured_after_it_was_confirmed(small_landlord, settings):
    settings.PALIER_REQUIRE_2FA = True
    results = [measure(page, requests=3, warmup=1) for page in default_pages(sample=3)]

    for result in results:
        assert result.statuses == {200: 3}, result.name
