"""Grouped movements: one transfer paying for several households — CODA globalised movements,
whose details follow as movement records of their own, and camt.053 batch bookings, one entry
with several transactions. Each detail is a line matched on its own communication; the grouped
amount is never counted a second time."""

import datetime as dt
import os
from decimal import Decimal

import coda
import pytest

from palier.core.acting import Acting
from palier.rent.bank import coda as coda_parser
from palier.rent.bank.samples import CAMT_VERSIONS, Movement, camt053_file, camt053_statement
from palier.rent.bank.statement import StatementError, read_statement_file
from palier.rent.bank_models import BankLine, LineReason, LineState
from palier.rent.models import LedgerEntry
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent

from .bank_helpers import AMINA_OGM, FILES, JAN_OGM, sample, upload

FEBELFIN_SAMPLE = os.path.join(os.path.dirname(coda.__file__), "CODA.txt")


def test_a_grouped_transfer_is_read_as_its_details_each_with_its_own_communication():
    _, [statement] = read_statement_file(sample("coda_grouped.cod"))
    amina, jan, fee = statement.lines
    assert (amina.amount, amina.structured_reference, amina.counterparty_name, amina.position) == (
        Decimal("535.50"), AMINA_OGM, "BENALI AMINA", 6)
    assert (jan.amount, jan.structured_reference, jan.counterparty_name) == (Decimal("535.50"), JAN_OGM, "PEETERS JAN")
    # The group's bank reference, told apart by the detail number: never taken for a duplicate.
    assert (amina.entry_reference, jan.entry_reference) == ("CPAS2611200000471/0001", "CPAS2611200000471/0002")
    assert fee.amount == Decimal("-2.50")
    # The grouped 1,071.00 is not a line of its own: the lines add up to the balances' difference.
    assert sum(line.amount for line in statement.lines) == statement.closing_balance - statement.opening_balance


def test_febelfin_coda_reads_the_grouped_file_the_same_way():
    [theirs] = coda.CODA(str(FILES / "coda_grouped.cod")).statements
    [ours] = coda_parser.parse(sample("coda_grouped.cod"))
    assert [d.amount for m in theirs.moves for d in (m.moves or [m])] == [line.amount for line in ours.lines]


def test_a_bank_s_own_coda_file_with_grouped_movements_is_split_without_counting_twice():
    """The sample of febelfin-coda, a real bank's file: movement 0007 groups three payments
    (types 1 and 5), movement 0008 four salaries; their charges' breakdowns (types 3 and 8) stay
    one line each."""
    with open(FEBELFIN_SAMPLE, "rb") as handle:
        [statement] = coda_parser.parse(handle.read())
    assert sum(line.amount for line in statement.lines) == statement.closing_balance - statement.opening_balance
    grouped = [line for line in statement.lines if line.entry_reference.startswith("IHMI0000")]
    assert [line.amount for line in grouped] == [Decimal("-4000.00"), Decimal("-27000.00"), Decimal("-97000.00")]
    assert [line.counterparty_name for line in grouped] == ["ECONOLER S.A.", "T.P.F. S.A.", "TPF CONSULTING"]
    assert not [line for line in statement.lines if line.amount == Decimal("-128000.00")]


def test_details_that_do_not_add_up_leave_the_grouped_amount_as_one_line():
    lines = sample("coda_grouped.cod").decode("windows-1252").split("\r\n")
    lines[8] = lines[8][:32] + "000000000535400" + lines[8][47:]  # Jan's detail: 535.40
    [statement] = coda_parser.parse("\r\n".join(lines).encode("windows-1252"))
    assert [line.amount for line in statement.lines] == [Decimal("1071.00"), Decimal("-2.50")]


def test_a_detail_without_its_grouped_movement_is_refused_with_its_line():
    lines = sample("coda_grouped.cod").decode("windows-1252").split("\r\n")
    del lines[2:5]  # the grouped movement's records 21, 22 and 23
    with pytest.raises(StatementError) as refused:
        coda_parser.parse("\r\n".join(lines).encode("windows-1252"))
    assert refused.value.line == 3
    assert "ne suit pas le mouvement" in refused.value.message


@pytest.fixture
def charged(tenancy, neighbour_tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 12, 1))
    return tenancy, neighbour_tenancy


def test_each_household_of_a_grouped_transfer_gets_its_payment(accountant, charged):
    amina, jan = charged
    outcome = upload(accountant, "coda_grouped.cod")
    lines = list(BankLine.objects.filter(bank_import=outcome.bank_import).order_by("position"))
    assert [(line.amount, line.state, line.reason) for line in lines] == [
        (Decimal("535.50"), LineState.MATCHED, LineReason.BY_REFERENCE),
        (Decimal("535.50"), LineState.MATCHED, LineReason.BY_REFERENCE),
        (Decimal("-2.50"), LineState.NOT_RENT, LineReason.OUTGOING),
    ]
    assert balance_of(amina) == Decimal("0.00") and balance_of(jan) == Decimal("0.00")
    assert LedgerEntry.objects.filter(kind="payment").count() == 2
    again = upload(accountant, "coda_grouped.cod")
    assert again.already and LedgerEntry.objects.filter(kind="payment").count() == 2


NOV_20 = dt.date(2026, 11, 20)


def camt_batch(version: str = "08", *, jan_pays: str = "535.50") -> bytes:
    """A welfare office pays Amina's and Jan's rent in one batch-booked transfer of 1,071.00."""
    welfare = Movement(Decimal("1071.00"), NOV_20, reference="CPAS2611200000471", details=[
        Movement(Decimal("535.50"), NOV_20, name="CPAS DE BRUXELLES", iban="BE10000000000404", ogm=AMINA_OGM),
        Movement(Decimal(jan_pays), NOV_20, name="CPAS DE BRUXELLES", iban="BE10000000000404", ogm=JAN_OGM),
    ])
    fee = Movement(Decimal("-2.50"), NOV_20, reference="FEE2611200001", text="Frais de tenue de compte")
    statement = camt053_statement(number=300, opening=Decimal("1000.00"), opening_date=dt.date(2026, 11, 19),
                                  closing_date=NOV_20, movements=[welfare, fee], version=version)
    return camt053_file([statement], version=version)


@pytest.mark.parametrize("version", CAMT_VERSIONS)
def test_a_camt_batch_booking_is_read_as_its_transactions_in_every_version(version):
    _, [statement] = read_statement_file(camt_batch(version))
    amina, jan, fee = statement.lines
    assert (amina.amount, amina.structured_reference, amina.counterparty_name) == (
        Decimal("535.50"), AMINA_OGM, "CPAS DE BRUXELLES")
    assert (jan.amount, jan.structured_reference) == (Decimal("535.50"), JAN_OGM)
    # The entry's bank reference, told apart by the transaction's number: never taken for a duplicate.
    assert (amina.entry_reference, jan.entry_reference) == ("CPAS2611200000471/0001", "CPAS2611200000471/0002")
    assert jan.position > amina.position  # each points at its own transaction in the file
    assert (fee.amount, fee.entry_reference) == (Decimal("-2.50"), "FEE2611200001")


def test_camt_transactions_that_do_not_add_up_leave_the_entry_as_one_line():
    _, [statement] = read_statement_file(camt_batch(jan_pays="535.40"))
    assert [line.amount for line in statement.lines] == [Decimal("1071.00"), Decimal("-2.50")]
    assert statement.lines[0].structured_reference == AMINA_OGM  # described by its first transaction


def test_each_household_of_a_camt_batch_booking_gets_its_payment_once(accountant, charged):
    amina, jan = charged
    outcome = upload(accountant, "batch.xml", camt_batch())
    lines = list(BankLine.objects.filter(bank_import=outcome.bank_import).order_by("position"))
    assert [(line.amount, line.state) for line in lines] == [
        (Decimal("535.50"), LineState.MATCHED), (Decimal("535.50"), LineState.MATCHED),
        (Decimal("-2.50"), LineState.NOT_RENT)]
    assert balance_of(amina) == Decimal("0.00") and balance_of(jan) == Decimal("0.00")
    again = upload(accountant, "batch.xml", camt_batch())
    assert again.already and LedgerEntry.objects.filter(kind="payment").count() == 2
