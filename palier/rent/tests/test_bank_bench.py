import pytest

from palier.backoffice.bench_support import EXTRA_FIGURES, bank_import_figure, bank_statement
from palier.rent.bank.statement import read_statement_file
from palier.rent.bank_models import BankImport
from palier.rent.models import LedgerEntry


@pytest.fixture
def tenancies(tenancy, neighbour_tenancy):
    return tenancy, neighbour_tenancy


def test_the_bench_statement_is_a_valid_camt053_file_of_the_size_asked(tenancies):
    _, [statement] = read_statement_file(bank_statement(40))
    assert len(statement.lines) == 40


def test_the_bench_times_an_import_and_leaves_the_database_as_it_was(tenancies):
    figure = bank_import_figure(lines=40)
    assert figure.startswith("Bank statement import (camt.053, ")
    assert ": 40 lines, " in figure and " queries (" in figure
    assert "target ≤ 30 s" in figure
    assert not BankImport.objects.exists() and not LedgerEntry.objects.exists()
    assert bank_import_figure in EXTRA_FIGURES


def test_the_bench_size_is_100000_lines_unless_told_otherwise(monkeypatch):
    from palier.rent.bank.bench import bench_lines

    assert bench_lines() == 100_000
    monkeypatch.setenv("PALIER_BENCH_BANK_LINES", "2500")
    assert bench_lines() == 2500
