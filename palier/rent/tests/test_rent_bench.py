"""The bench's ten-year ledger figure: seeds ten years once, then measures the tenant's rent page."""

import pytest

from palier.rent.bench import rent_ten_year_ledger_figure, seed_ten_years
from palier.rent.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_ten_years_are_seeded_once(tenancy):
    assert seed_ten_years([tenancy.pk]) == 360
    assert seed_ten_years([tenancy.pk]) == 0
    assert LedgerEntry.objects.filter(tenancy=tenancy).count() == 360
    assert LedgerEntry.objects.filter(tenancy=tenancy).balance() == 0


def test_the_figure_measures_the_rent_page_with_ten_years_of_ledger(tenant, tenancy):
    tenant.activated_at = tenant.date_joined
    tenant.save()
    line = rent_ten_year_ledger_figure(requests=4)
    assert line.startswith("Tenant rent with 10 years of ledger (portal:rent): 1 tenants, 360 ten-year lines;")
    assert "200×4" in line
    queries = int(line.split("lines; ")[1].split(" ")[0].split("–")[-1])
    assert queries <= 10, line
