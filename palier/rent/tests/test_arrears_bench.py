"""The bench measures the arrears list like the other pages."""

import datetime as dt

from palier.backoffice.bench_support import arrears_figure
from palier.core.acting import Acting
from palier.rent.services import charge_rent


def test_the_bench_prints_the_arrears_list_figures(agent, accountant, tenancy, neighbour_tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    line = arrears_figure(requests=4)
    assert line.startswith("Back-office arrears list (backoffice:arrears): ")
    assert "200×4" in line
