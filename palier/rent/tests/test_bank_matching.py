import datetime as dt
from decimal import Decimal

import pytest

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.rent.bank import matching
from palier.rent.bank.samples import Movement, camt053_file, camt053_statement
from palier.rent.bank_models import BankLine, KnownPayer, LineReason, LineState
from palier.rent.models import LedgerEntry
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent

from .bank_helpers import AMINA_IBAN, AMINA_OGM, JAN_IBAN, JAN_OGM, NOV_27, upload

DEC = dt.date(2026, 12, 1)
STRANGER = "BE62510007547061"


@pytest.fixture
def charged(tenancy, neighbour_tenancy):
    charge_rent(acting=Acting.system(), period=DEC)
    return tenancy, neighbour_tenancy


class Bank:
    """Statements of the landlord's account, one after the other, as the accountant imports them."""

    def __init__(self, accountant):
        self.accountant, self.number, self.balance = accountant, 0, Decimal("1000.00")

    def statement(self, *movements: Movement) -> list[BankLine]:
        self.number += 1
        content = camt053_file([camt053_statement(number=self.number, opening=self.balance, opening_date=NOV_27,
                                                  closing_date=NOV_27, movements=list(movements))])
        self.balance += sum(m.amount for m in movements)
        outcome = upload(self.accountant, f"{self.number}.xml", content)
        return list(outcome.bank_import.lines.order_by("position"))


@pytest.fixture
def bank(accountant):
    return Bank(accountant)


def pay(amount, *, ogm="", text="", iban="", name="", reference="", **kw) -> Movement:
    return Movement(Decimal(amount), NOV_27, ogm=ogm, text=text, iban=iban, name=name,
                    reference=reference or f"REF-{amount}-{ogm}-{text}-{iban}"[:35], **kw)


def test_a_transfer_with_the_tenancy_s_structured_communication_is_matched_to_it(bank, charged):
    [line] = bank.statement(pay("535.50", ogm=AMINA_OGM, iban=AMINA_IBAN, name="BENALI AMINA"))
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.BY_REFERENCE)
    assert line.allocations.get().tenancy == charged[0]
    assert balance_of(charged[0]) == Decimal("0.00")


def test_a_structured_communication_nobody_has_goes_to_review(bank, charged):
    [line] = bank.statement(pay("535.50", ogm="000999999975", iban=STRANGER))
    assert (line.state, line.reason) == (LineState.REVIEW, LineReason.UNKNOWN_REFERENCE)
    assert not LedgerEntry.objects.filter(kind="payment").exists()


def test_a_known_payer_paying_what_is_due_without_a_reference_is_matched(bank, charged):
    amina, _ = charged
    bank.statement(pay("100.00", ogm=AMINA_OGM, iban=AMINA_IBAN))
    assert KnownPayer.objects.filter(tenancy=amina).exists()
    # She now owes 435.50; she pays exactly that, with only "loyer" as communication.
    [line] = bank.statement(pay("435.50", text="loyer", iban=AMINA_IBAN))
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.BY_PAYER)
    assert balance_of(amina) == Decimal("0.00")


def test_a_known_payer_paying_the_monthly_rent_is_matched_too(bank, charged):
    bank.statement(pay("535.50", ogm=JAN_OGM, iban=JAN_IBAN))
    [line] = bank.statement(pay("535.50", text="huur januari", iban=JAN_IBAN))
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.BY_PAYER)


def test_a_known_payer_paying_another_amount_goes_to_review_with_the_tenancy_suggested(bank, charged):
    bank.statement(pay("535.50", ogm=AMINA_OGM, iban=AMINA_IBAN))
    [line] = bank.statement(pay("42.00", text="?", iban=AMINA_IBAN))
    assert (line.state, line.reason, line.suggested_tenancy) == (
        LineState.REVIEW, LineReason.AMOUNT_DIFFERS, charged[0])


def test_a_payer_known_for_two_tenancies_goes_to_review(bank, charged):
    bank.statement(pay("10.00", ogm=AMINA_OGM, iban=STRANGER), pay("10.00", ogm=JAN_OGM, iban=STRANGER))
    [line] = bank.statement(pay("535.50", text="loyer", iban=STRANGER))
    assert (line.state, line.reason) == (LineState.REVIEW, LineReason.SEVERAL_TENANCIES)


def test_money_going_out_is_not_for_rent(bank, charged):
    [line] = bank.statement(pay("-80.00", text="Entretien ascenseur", iban=STRANGER))
    assert (line.state, line.reason) == (LineState.NOT_RENT, LineReason.OUTGOING)


def test_a_returned_direct_debit_is_booked_through_the_direct_debit_module(bank, charged, monkeypatch):
    calls = []

    def book_returned_debit(**kwargs):
        calls.append(kwargs)

    monkeypatch.setattr("palier.rent.direct_debit.book_returned_debit", book_returned_debit)
    [line] = bank.statement(pay("-535.50", iban=AMINA_IBAN, end_to_end="PALIER-DD-1", r_reason="AM04"))
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.RETURN_BOOKED)
    assert calls[0]["end_to_end_id"] == "PALIER-DD-1" and calls[0]["amount"] == Decimal("535.50")
    assert calls[0]["reason"] == "return AM04" and calls[0]["bank_line"].pk == line.pk


def test_a_fault_in_the_direct_debit_module_does_not_lose_the_statement(bank, charged, monkeypatch):
    from django.db import DatabaseError

    def broken(**kwargs):
        raise DatabaseError("boom")

    monkeypatch.setattr("palier.rent.direct_debit.book_returned_debit", broken)
    returned, paid = bank.statement(pay("-535.50", iban=AMINA_IBAN, end_to_end="PALIER-DD-1", r_reason="AM04"),
                                    pay("535.50", ogm=AMINA_OGM, iban=AMINA_IBAN))
    assert (returned.state, returned.reason) == (LineState.REVIEW, LineReason.RETURNED_DEBIT)
    assert returned.note == "Le module de domiciliation n'a pas pu comptabiliser ce retour ; comptabilisez-le à la main."
    assert paid.state == LineState.MATCHED


def test_a_returned_direct_debit_the_module_does_not_know_waits_in_review(bank, charged):
    [line] = bank.statement(pay("-535.50", iban=AMINA_IBAN, end_to_end="UNKNOWN-1", r_reason="MD06"))
    assert (line.state, line.reason) == (LineState.REVIEW, LineReason.RETURNED_DEBIT)


# --- the review queue -----------------------------------------------------------------------


def test_the_accountant_matches_a_line_by_hand_and_the_payer_is_remembered(bank, accountant, charged):
    amina, _ = charged
    [line] = bank.statement(pay("535.50", text="loyer Benali", iban=AMINA_IBAN))
    matching.match_by_hand(acting=Acting(user=accountant), line=line, tenancy=amina, version=line.version)
    line.refresh_from_db()
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.BY_HAND)
    assert balance_of(amina) == Decimal("0.00")
    assert AuditEvent.objects.filter(action="rent.bank_line_matched", actor=accountant).exists()
    [next_month] = bank.statement(pay("535.50", text="loyer", iban=AMINA_IBAN))
    assert next_month.reason == LineReason.BY_PAYER


def test_a_line_decided_by_someone_else_meanwhile_is_not_booked_twice(bank, accountant, charged):
    amina, jan = charged
    [line] = bank.statement(pay("535.50", text="loyer", iban=STRANGER))
    seen = BankLine.objects.get(pk=line.pk)
    matching.match_by_hand(acting=Acting(user=accountant), line=line, tenancy=amina, version=line.version)
    with pytest.raises(StaleEdit):
        matching.match_by_hand(acting=Acting(user=accountant), line=seen, tenancy=jan, version=seen.version)
    assert balance_of(jan) == Decimal("535.50")
    assert LedgerEntry.objects.filter(kind="payment").count() == 1


def test_a_line_is_split_across_two_tenancies_when_the_amounts_add_up(bank, accountant, charged):
    amina, jan = charged
    [line] = bank.statement(pay("600.00", text="loyers Benali et Peeters", iban=STRANGER))
    acting = Acting(user=accountant)
    with pytest.raises(DomainError) as refused:
        matching.split_line(acting=acting, line=line, shares=[(amina, Decimal("300.00")), (jan, Decimal("299.99"))],
                            version=line.version)
    assert refused.value.field == "shares"
    assert not LedgerEntry.objects.filter(kind="payment").exists()
    matching.split_line(acting=acting, line=line, shares=[(amina, Decimal("500.50")), (jan, Decimal("99.50"))],
                        version=line.version)
    assert (balance_of(amina), balance_of(jan)) == (Decimal("35.00"), Decimal("436.00"))
    line.refresh_from_db()
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.SPLIT)
    assert AuditEvent.objects.filter(action="rent.bank_line_split").count() == 1


@pytest.mark.parametrize("shares", [[("a", "0")], [("a", "-1"), ("j", "601")], [("a", "300.001"), ("j", "299.999")]])
def test_a_split_with_a_zero_negative_or_sub_cent_share_is_refused(bank, accountant, charged, shares):
    tenancies = {"a": charged[0], "j": charged[1]}
    [line] = bank.statement(pay("600.00", text="?", iban=STRANGER))
    with pytest.raises(DomainError):
        matching.split_line(acting=Acting(user=accountant), line=line,
                            shares=[(tenancies[k], Decimal(v)) for k, v in shares], version=line.version)
    assert not LedgerEntry.objects.filter(kind="payment").exists()


def test_a_line_is_marked_not_for_rent_with_a_reason(bank, accountant, charged):
    [line] = bank.statement(pay("120.00", text="Location salle", iban=STRANGER))
    with pytest.raises(DomainError):
        matching.mark_not_rent(acting=Acting(user=accountant), line=line, note="  ", version=line.version)
    matching.mark_not_rent(acting=Acting(user=accountant), line=line, note="Location de la salle commune",
                           version=line.version)
    line.refresh_from_db()
    assert (line.state, line.reason, line.note) == (LineState.NOT_RENT, LineReason.MARKED,
                                                    "Location de la salle commune")
    assert AuditEvent.objects.get(action="rent.bank_line_marked_not_rent").data["note"] == "Location de la salle commune"


def test_only_the_accountant_decides_a_line(bank, agent, manager, charged):
    [line] = bank.statement(pay("120.00", text="?", iban=STRANGER))
    for user in (agent, manager):
        with pytest.raises(DomainError):
            matching.match_by_hand(acting=Acting(user=user), line=line, tenancy=charged[0], version=line.version)
        with pytest.raises(DomainError):
            matching.mark_not_rent(acting=Acting(user=user), line=line, note="x", version=line.version)
    assert BankLine.objects.get(pk=line.pk).state == LineState.REVIEW


def test_a_tenancy_that_ended_still_gets_its_late_payment(bank, building, charged):
    _, ended = t.household_with_tenancy(t.dwelling(building, unit="9Z"), name="Gone", number="2600001")
    ended.end_date = dt.date(2026, 10, 31)
    ended.save()
    digits = "".join(ch for ch in ended.payment_reference if ch.isdigit())
    [line] = bank.statement(pay("50.00", ogm=digits, iban=STRANGER))
    assert line.allocations.get().tenancy == ended


def test_a_debit_returned_on_the_statement_is_booked_back_on_the_tenant_s_balance(accountant, tenant, tenant_person,
                                                                                   tenancy):
    import time_machine

    from palier.rent import direct_debit as debits
    from palier.rent.bank.samples import coda_file

    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        debits.sign_mandate(acting=Acting(user=tenant), tenancy=tenancy, account_holder="Amina Benali",
                            iban=AMINA_IBAN, secret=t.PASSWORD, signatory=tenant_person)
        charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
        batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DEC)
        debits.export_batch(acting=Acting(user=accountant), batch=batch)
        debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch, collected_on=dt.date(2026, 11, 20))
    debit = batch.debits.get()
    assert balance_of(tenancy) == Decimal("0.00")
    statement = coda_file(number=1, opening=Decimal("0"), opening_date=dt.date(2026, 11, 26), closing_date=NOV_27,
                          movements=[Movement(-debit.amount, NOV_27, name="BENALI AMINA", iban=AMINA_IBAN,
                                              end_to_end=debit.end_to_end_id, r_type="2", r_reason="AM04")])
    [line] = upload(accountant, "return.cod", statement).bank_import.lines.all()
    assert (line.state, line.reason) == (LineState.MATCHED, LineReason.RETURN_BOOKED)
    assert balance_of(tenancy) == Decimal("535.50")


def test_the_credit_of_a_direct_debit_batch_is_not_booked_again(bank, charged):
    from palier.rent.bank.samples import coda_file

    statement = coda_file(number=1, opening=Decimal("0"), opening_date=dt.date(2026, 11, 26), closing_date=NOV_27,
                          movements=[Movement(Decimal("1071.00"), NOV_27, text="SEPA DD batch 2026-12-01",
                                              code="10501000")])
    [line] = upload(bank.accountant, "collection.cod", statement).bank_import.lines.all()
    assert (line.state, line.reason) == (LineState.NOT_RENT, LineReason.DEBIT_COLLECTION)
    assert not LedgerEntry.objects.filter(kind="payment").exists()
