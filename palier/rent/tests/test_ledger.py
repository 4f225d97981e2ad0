import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.http import Http404

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.rent.models import EntryKind, LedgerEntry
from palier.rent.queries import balance_of, ledger_for, next_due_date
from palier.rent.services import charge_rent, prorated, record_payment

DEC = dt.date(2026, 12, 1)


def test_a_full_month_is_charged_as_rent_and_service_charges_on_separate_lines(tenancy):
    assert charge_rent(acting=Acting.system(), period=DEC) == 2
    lines = {e.kind: e.amount for e in LedgerEntry.objects.filter(tenancy=tenancy)}
    assert lines == {EntryKind.RENT: Decimal("450.50"), EntryKind.SERVICE_CHARGE: Decimal("85.00")}


def test_running_the_charge_twice_adds_nothing_the_second_time(tenancy, neighbour_tenancy):
    assert charge_rent(acting=Acting.system(), period=DEC) == 4
    assert charge_rent(acting=Acting.system(), period=dt.date(2026, 12, 15)) == 0
    assert LedgerEntry.objects.count() == 4


def test_a_move_in_month_is_charged_for_the_days_lived_in(building):
    _, tenancy = t.household_with_tenancy(t.dwelling(building), name="New", rent="600.00", charges="31.00",
                                          start=dt.date(2026, 12, 21))
    charge_rent(acting=Acting.system(), period=DEC)
    # 11 days of 31: 600 × 11 / 31 = 212.903… → 212.90; 31 × 11 / 31 = 11.00
    assert balance_of(tenancy) == Decimal("223.90")


def test_a_move_out_month_is_charged_up_to_the_last_day():
    assert prorated(Decimal("300.00"), start=dt.date(2020, 1, 1), end=dt.date(2026, 11, 15),
                    period=dt.date(2026, 11, 1)) == Decimal("150.00")
    assert prorated(Decimal("100.00"), start=dt.date(2020, 1, 1), end=dt.date(2026, 10, 31),
                    period=dt.date(2026, 11, 1)) == Decimal("0.00")
    # Half a cent is rounded up: 0.05 × 15 / 30 = 0.025 → 0.03
    assert prorated(Decimal("0.05"), start=dt.date(2026, 11, 16), end=None, period=dt.date(2026, 11, 1)) \
        == Decimal("0.03")


def test_a_tenancy_that_ended_before_the_month_is_not_charged(building):
    _, ended = t.household_with_tenancy(t.dwelling(building), name="Gone", start=dt.date(2019, 1, 1))
    ended.end_date = dt.date(2026, 11, 30)
    ended.save()
    charge_rent(acting=Acting.system(), period=DEC)
    assert not LedgerEntry.objects.filter(tenancy=ended).exists()


def test_the_balance_is_charges_minus_payments(tenancy, agent, tenant_person):
    charge_rent(acting=Acting.system(), period=DEC)
    acting = Acting(user=agent, channel=Channel.COUNTER).on_behalf_of(tenant_person)
    record_payment(acting=acting, tenancy=tenancy, amount=Decimal("500.00"), paid_on=dt.date(2026, 11, 28),
                   channel="counter", label="Cash")
    assert balance_of(tenancy) == Decimal("35.50")
    record_payment(acting=acting, tenancy=tenancy, amount=Decimal("100"), paid_on=dt.date(2026, 11, 28),
                   channel="phone")
    assert balance_of(tenancy) == Decimal("-64.50")


def test_a_payment_is_audited_with_who_recorded_it_and_for_whom(tenancy, agent, tenant_person):
    acting = Acting(user=agent, channel=Channel.PHONE).on_behalf_of(tenant_person, channel=Channel.PHONE)
    record_payment(acting=acting, tenancy=tenancy, amount=Decimal("20.00"), paid_on=dt.date(2026, 11, 2),
                   channel="phone")
    event = AuditEvent.objects.get(action="rent.payment_recorded")
    assert (event.actor, event.for_person_id, event.channel) == (agent, tenant_person.pk, "phone")


@pytest.mark.parametrize("amount", ["0", "-5", "0.001", "abc"])
def test_an_amount_of_zero_or_less_is_refused_and_nothing_is_written(tenancy, agent, amount):
    with pytest.raises(DomainError):
        record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=amount, paid_on=dt.date(2026, 11, 2),
                       channel="counter")
    assert not LedgerEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="rent.payment_recorded").exists()


def test_a_tenant_cannot_record_a_payment_herself(tenancy, tenant):
    with pytest.raises(DomainError):
        record_payment(acting=Acting(user=tenant), tenancy=tenancy, amount=Decimal("10"),
                       paid_on=dt.date(2026, 11, 2), channel="other")


def test_a_ledger_entry_cannot_be_changed_or_deleted(tenancy):
    charge_rent(acting=Acting.system(), period=DEC)
    entry = LedgerEntry.objects.first()
    entry.amount = Decimal("1.00")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=0)
    with pytest.raises(PermissionError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount != Decimal("1.00")


def test_the_household_its_agent_and_the_accountant_see_the_ledger(tenancy, tenant, cotenant, agent, accountant):
    charge_rent(acting=Acting.system(), period=DEC)
    for user in (tenant, cotenant, agent, accountant):
        assert ledger_for(Acting(user=user), tenancy).count() == 2


def test_a_neighbour_another_agency_and_a_technician_do_not_see_the_ledger(
        tenancy, neighbour, other_agent, technician, helper):
    for user in (neighbour, other_agent, technician, helper, None):
        with pytest.raises(Http404):
            ledger_for(Acting(user=user), tenancy)


def test_rent_is_next_due_on_the_first_of_the_month(tenancy):
    assert next_due_date(tenancy, dt.date(2026, 11, 28)) == dt.date(2026, 12, 1)
    assert next_due_date(tenancy, dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert next_due_date(tenancy, dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)


def test_the_charge_command_says_how_many_lines_it_added(tenancy, capsys):
    call_command("charge_rent", "--period", "2026-12")
    call_command("charge_rent", "--period", "2026-12")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 ledger lines added for 2026-12")
    assert out[1].startswith("0 ledger lines added")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_on_postgresql_even_raw_sql_cannot_rewrite_the_ledger(tenancy):
    charge_rent(acting=Acting.system(), period=DEC)
    entry = LedgerEntry.objects.filter(tenancy=tenancy).first()
    for sql in ("UPDATE rent_ledgerentry SET amount = 0 WHERE id = %s", "DELETE FROM rent_ledgerentry WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount


def test_the_charge_run_prorates_like_the_python_rule_on_every_engine(building):
    """On PostgreSQL the run is one INSERT … SELECT: its proration must be that of `prorated`."""
    cases = [(dt.date(2026, 12, 21), None, "600.00", "31.00"),
             (dt.date(2020, 1, 1), dt.date(2026, 12, 15), "333.33", "0.05"),
             (dt.date(2026, 12, 16), None, "0.05", "10.00"), (dt.date(2026, 12, 1), dt.date(2026, 12, 1), "450.50", "85.00")]
    tenancies = []
    for n, (start, end, rent, charges) in enumerate(cases):
        _, tenancy = t.household_with_tenancy(t.dwelling(building, unit=f"P{n}"), name=f"P{n}", rent=rent,
                                              charges=charges, start=start)
        tenancy.end_date = end
        tenancy.save()
        tenancies.append(tenancy)
    charge_rent(acting=Acting.system(), period=DEC)
    for tenancy, (start, end, rent, charges) in zip(tenancies, cases, strict=True):
        lines = {e.kind: e.amount for e in LedgerEntry.objects.filter(tenancy=tenancy)}
        expected = {kind: prorated(Decimal(monthly), start=start, end=end, period=DEC)
                    for kind, monthly in ((EntryKind.RENT, rent), (EntryKind.SERVICE_CHARGE, charges))}
        assert lines == {k: v for k, v in expected.items() if v > 0}
        assert all(e.label.endswith("12/2026") for e in LedgerEntry.objects.filter(tenancy=tenancy))
