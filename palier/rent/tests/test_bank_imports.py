import datetime as dt
from decimal import Decimal

import pytest

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.rent.bank.samples import Movement, camt053_file, camt053_statement, coda_file
from palier.rent.bank.statement import StatementError
from palier.rent.bank_models import BankImport, BankLine, BankStatement, LineReason, LineState
from palier.rent.models import LedgerEntry
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent

from .bank_helpers import AMINA_IBAN, AMINA_OGM, CLOSING_212, NOV_27, upload

DEC = dt.date(2026, 12, 1)


@pytest.fixture
def charged(tenancy, neighbour_tenancy):
    """Amina and Jan each owe December: 450.50 rent and 85.00 service charges."""
    charge_rent(acting=Acting.system(), period=DEC)
    return tenancy, neighbour_tenancy


def _written():
    return (LedgerEntry.objects.count(), BankLine.objects.count(), BankImport.objects.count(),
            BankStatement.objects.count(), AuditEvent.objects.count())


def test_importing_a_coda_statement_puts_amina_s_and_jan_s_payments_on_their_balances(accountant, charged):
    amina, jan = charged
    assert balance_of(amina) == Decimal("535.50")
    outcome = upload(accountant, "coda_212.cod")
    assert not outcome.already
    assert balance_of(amina) == Decimal("0.00")
    assert balance_of(jan) == Decimal("0.00")
    payment = LedgerEntry.objects.get(tenancy=amina, kind="payment")
    assert (payment.amount, payment.booked_on, payment.channel) == (Decimal("-535.50"), NOV_27, "transfer")


def test_each_line_of_the_statement_ends_in_a_state_with_a_reason(accountant, charged):
    outcome = upload(accountant, "coda_212.cod")
    lines = list(outcome.bank_import.lines.order_by("position"))
    assert [(line.state, line.reason) for line in lines] == [
        (LineState.MATCHED, LineReason.BY_REFERENCE),
        (LineState.MATCHED, LineReason.BY_REFERENCE),   # the communication typed as free text
        (LineState.REVIEW, LineReason.NO_CLUE),         # a hall rental by a local association
        (LineState.REVIEW, LineReason.RETURNED_DEBIT),  # a direct debit Palier did not send
        (LineState.NOT_RENT, LineReason.OUTGOING),      # a supplier's invoice paid
    ]
    assert lines[3].note  # why the direct-debit module could not book it


def test_the_same_file_twice_changes_nothing(accountant, charged):
    first = upload(accountant, "coda_212.cod")
    before = _written()
    again = upload(accountant, "coda_212.cod")
    assert again.already and again.bank_import == first.bank_import
    assert _written() == before
    assert balance_of(charged[0]) == Decimal("0.00")


def test_an_overlapping_file_books_only_what_is_new(accountant, charged):
    amina, _ = charged
    upload(accountant, "coda_212.cod")
    outcome = upload(accountant, "coda_212_213.cod")
    states = list(outcome.bank_import.lines.order_by("position").values_list("state", flat=True))
    assert states[:5] == [LineState.DUPLICATE] * 5
    # Statement 213: Amina pays December again from the account she used in 212 (known payer,
    # monthly amount), and 200.00 more that is not what she owes.
    assert states[5:] == [LineState.MATCHED, LineState.REVIEW]
    assert LedgerEntry.objects.filter(tenancy=amina, kind="payment").count() == 2
    assert balance_of(amina) == Decimal("-535.50")


def test_the_same_statement_in_the_other_format_is_a_duplicate(accountant, charged):
    upload(accountant, "coda_212.cod")
    payments = LedgerEntry.objects.filter(kind="payment").count()
    outcome = upload(accountant, "camt053_v02.xml")
    assert set(outcome.bank_import.lines.values_list("state", flat=True)) == {LineState.DUPLICATE}
    assert LedgerEntry.objects.filter(kind="payment").count() == payments


def test_a_statement_that_does_not_follow_the_previous_one_is_refused_and_nothing_is_written(accountant, charged):
    upload(accountant, "coda_212.cod")
    before = _written()
    gap = coda_file(number=214, opening=Decimal("50000.00"), opening_date=dt.date(2026, 11, 29),
                    closing_date=dt.date(2026, 11, 30),
                    movements=[Movement(Decimal("535.50"), dt.date(2026, 11, 30), ogm=AMINA_OGM)])
    with pytest.raises(StatementError) as refused:
        upload(accountant, "coda_214.cod", gap)
    assert "214" in refused.value.message and "212" in refused.value.message
    assert "47 615,85" in refused.value.message.replace("\u202f", " ").replace("\xa0", " ")
    assert _written() == before


def test_the_first_statement_of_an_account_starts_the_chain_whatever_its_opening_balance(accountant, charged):
    outcome = upload(accountant, "camt053_v08.xml")
    assert outcome.bank_import.statements.get().closing_balance == CLOSING_212


def test_a_file_is_all_or_nothing(accountant, charged):
    good = coda_file(number=212, opening=Decimal("48210.35"), opening_date=dt.date(2026, 11, 26), closing_date=NOV_27,
                     movements=[Movement(Decimal("535.50"), NOV_27, ogm=AMINA_OGM, reference="A1")])
    broken = coda_file(number=213, opening=Decimal("1.00"), opening_date=NOV_27, closing_date=dt.date(2026, 11, 28),
                       movements=[])
    with pytest.raises(StatementError):
        upload(accountant, "two.cod", good + broken)
    assert _written() == (4, 0, 0, 0, 1)  # the December charges and their audit event only


def test_identical_lines_without_a_bank_reference_are_each_counted_once(accountant, charged):
    amina, _ = charged
    twice = [Movement(Decimal("100.00"), NOV_27, name="BENALI", iban=AMINA_IBAN, ogm=AMINA_OGM)] * 2
    first = camt053_file([camt053_statement(number=1, opening=Decimal("0"), opening_date=NOV_27, closing_date=NOV_27,
                                            movements=twice)])
    upload(accountant, "first.xml", first)
    assert balance_of(amina) == Decimal("335.50")
    # The bank sends the day again in a new statement, with a third identical transfer.
    thrice = camt053_file([camt053_statement(number=2, opening=Decimal("200.00"), opening_date=NOV_27,
                                             closing_date=NOV_27, movements=[twice[0]] * 3)])
    outcome = upload(accountant, "second.xml", thrice)
    assert sorted(outcome.bank_import.lines.values_list("state", flat=True)) == [
        LineState.DUPLICATE, LineState.DUPLICATE, LineState.MATCHED]
    assert balance_of(amina) == Decimal("235.50")


def test_the_import_is_audited_with_its_counts(accountant, charged):
    outcome = upload(accountant, "coda_212.cod")
    event = AuditEvent.objects.get(action="rent.bank_statement_imported")
    assert event.actor == accountant
    assert event.target_id == str(outcome.bank_import.pk)
    assert (event.data["lines"], event.data["matched"], event.data["review"], event.data["not_rent"]) == (5, 2, 2, 1)


def test_only_an_accountant_imports_statements(agent, manager, tenant, charged):
    for user in (agent, manager, tenant):
        with pytest.raises(DomainError):
            upload(user, "coda_212.cod")
    assert not BankImport.objects.exists()


def test_the_payer_s_account_is_kept_encrypted_and_found_by_its_hash(accountant, charged):
    from django.db import connection

    from palier.core.crypto import iban_lookup_hash

    outcome = upload(accountant, "coda_212.cod")
    line = outcome.bank_import.lines.get(position=3)
    assert line.counterparty_iban == AMINA_IBAN
    assert line.iban_hash == iban_lookup_hash(AMINA_IBAN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT counterparty_iban FROM rent_bankline WHERE id = %s", [line.pk])
        assert AMINA_IBAN not in cursor.fetchone()[0]


def test_a_file_larger_than_the_limit_is_refused(accountant, charged, monkeypatch):
    from palier.rent.bank import imports

    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    with pytest.raises(DomainError):
        upload(accountant, "coda_212.cod")
    assert not BankImport.objects.exists()


def test_households_the_statement_paid_leave_the_arrears_list_at_once(accountant, charged,
                                                                      django_capture_on_commit_callbacks):
    from palier.rent import arrears

    amina, jan = charged
    arrears.refresh_arrears()
    assert {row.tenancy_id for row in arrears.arrears_for(accountant)} == {amina.pk, jan.pk}
    with django_capture_on_commit_callbacks(execute=True):
        upload(accountant, "coda_212.cod")
    assert list(arrears.arrears_for(accountant)) == []
