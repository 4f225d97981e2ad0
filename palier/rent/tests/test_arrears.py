"""Arrears: the list by agency and age, kind reminders, and payment plans followed on the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message
from palier.rent import arrears
from palier.rent.arrears_models import InstalmentState, PlanState, Reminder, ReminderLevel
from palier.rent.models import PaymentChannel
from palier.rent.services import charge_rent, record_payment

NOV, DEC, JAN = dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)


def plain(text: str) -> str:
    """Money as a person reads it: the thin spaces of the French format as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def in_2027():
    with time_machine.travel(dt.datetime(2027, 1, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


def pay(agent, tenancy, amount, on):
    record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=Decimal(amount), paid_on=on,
                   channel=PaymentChannel.COUNTER)


@pytest.fixture
def owing(tenancy, neighbour_tenancy, far_tenancy, agent):
    """Amina owes two months (1,071.00), Jan a little less than one (535.00), the Janssens in Schaerbeek four."""
    for month in (dt.date(2026, 8, 1), dt.date(2026, 9, 1), NOV, DEC):
        charge_rent(acting=Acting.system(), period=month)
    pay(agent, tenancy, "1071.00", dt.date(2026, 9, 5))
    pay(agent, neighbour_tenancy, "1607.00", dt.date(2026, 11, 4))
    arrears.refresh_arrears(today=dt.date(2026, 12, 11))
    return tenancy


@pytest.fixture
def far_tenancy(other_agent, other_agency):
    from palier import testing as t

    estate = t.estate(other_agency, name="Cité des Acacias")
    building = t.building(estate, name="Bloc C", street="Rue des Acacias", number="7")
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit="2C"), name="Janssens", officer=other_agent,
                                          number="2609999")
    t.person(tenancy.household, "Els", "Janssens", language="nl")
    return tenancy


def test_the_accountant_sees_every_household_that_owes_most_owed_first(owing, accountant):
    rows = list(arrears.arrears_for(accountant))
    assert [(r.tenancy.number, r.balance) for r in rows] == [
        ("2609999", Decimal("2142.00")), ("2601234", Decimal("1071.00")), ("2605678", Decimal("535.00"))]
    assert rows[1].last_payment_on == dt.date(2026, 9, 5)


def test_an_agent_sees_only_her_agency(owing, agent, other_agent):
    assert {r.tenancy.number for r in arrears.arrears_for(agent)} == {"2601234", "2605678"}
    assert {r.tenancy.number for r in arrears.arrears_for(other_agent)} == {"2609999"}


def test_a_technician_sees_no_arrears(owing, technician):
    assert list(arrears.arrears_for(technician)) == []


@pytest.mark.parametrize(("band", "numbers"), [
    (arrears.Band.ONE, {"2605678"}), (arrears.Band.TWO_THREE, {"2601234"}), (arrears.Band.MORE, {"2609999"})])
def test_the_list_is_cut_into_age_bands(owing, accountant, band, numbers):
    assert {r.tenancy.number for r in arrears.arrears_for(accountant, band=band)} == numbers


def test_the_list_is_filtered_by_agency(owing, accountant, other_agency):
    assert {r.tenancy.number for r in arrears.arrears_for(accountant, agency_id=other_agency.pk)} == {"2609999"}


@time_machine.travel(dt.datetime(2026, 12, 11, 10, tzinfo=dt.UTC), tick=False)
def test_a_payment_moves_the_household_in_the_list_at_once(owing, agent, accountant,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pay(agent, owing, "535.50", dt.date(2026, 12, 11))
    amina = next(r for r in arrears.arrears_for(accountant) if r.tenancy_id == owing.pk)
    assert (amina.balance, amina.last_payment_on) == (Decimal("535.50"), dt.date(2026, 12, 11))
    with django_capture_on_commit_callbacks(execute=True):
        pay(agent, owing, "535.50", dt.date(2026, 12, 11))
    assert owing.pk not in {r.tenancy_id for r in arrears.arrears_for(accountant)}
    assert {r.tenancy.number for r in arrears.arrears_for(accountant)} == {"2609999", "2605678"}


@time_machine.travel(dt.datetime(2026, 12, 11, 10, tzinfo=dt.UTC), tick=False)
def test_the_list_follows_a_payment_only_once_it_is_committed(owing, agent, accountant,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pay(agent, owing, "1071.00", dt.date(2026, 12, 11))
    assert callbacks  # the list follows only once the payment is committed
    assert owing.pk in {r.tenancy_id for r in arrears.arrears_for(accountant)}


def test_a_large_change_has_the_worker_compute_the_whole_list(owing, monkeypatch, django_capture_on_commit_callbacks):
    from palier.rent import debit_tasks

    asked = []

    class Task:
        @staticmethod
        def enqueue():
            asked.append(True)

    monkeypatch.setattr(arrears, "FOLLOW_AT_ONCE", 1)
    monkeypatch.setattr(debit_tasks, "refresh_arrears", Task)
    with django_capture_on_commit_callbacks(execute=True):
        arrears.ledger_changed([1, 2])
    assert asked == [True]


def test_a_first_reminder_is_kind_and_names_the_officer_and_her_phone(owing, agent, tenant_person, cotenant_person):
    reminder = arrears.send_reminder(acting=Acting(user=agent), tenancy=owing, today=dt.date(2026, 12, 11))
    assert reminder.level == ReminderLevel.FIRST
    french = Message.objects.filter(person=tenant_person, channel="email").get()
    assert "1 071,00" in plain(french.body)
    assert "Nadia Haddad" in french.body and "+32 2 555 01 11" in french.body
    assert "plan" in french.body
    dutch = Message.objects.filter(person=cotenant_person).first()
    assert "1.071,00" in plain(dutch.body)
    assert AuditEvent.objects.filter(action="rent.reminder_sent", data__level="first").count() == 1


def test_the_same_reminder_is_not_sent_twice_in_a_day(owing, agent):
    arrears.send_reminder(acting=Acting(user=agent), tenancy=owing, level=ReminderLevel.FIRST,
                          today=dt.date(2026, 12, 11))
    with pytest.raises(DomainError):
        arrears.send_reminder(acting=Acting(user=agent), tenancy=owing, level=ReminderLevel.FIRST,
                              today=dt.date(2026, 12, 11))
    assert Reminder.objects.count() == 1


def test_nobody_gets_a_reminder_for_nothing_owed(tenancy, agent):
    with pytest.raises(DomainError):
        arrears.send_reminder(acting=Acting(user=agent), tenancy=tenancy, today=dt.date(2026, 12, 11))


def test_the_daily_task_sends_first_then_second_reminders_by_the_delays(owing):
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2026, 12, 10)) == 0
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2026, 12, 11)) == 3
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2026, 12, 11)) == 0
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2026, 12, 25)) == 0
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2026, 12, 26)) == 3
    assert set(Reminder.objects.filter(sent_on=dt.date(2026, 12, 26)).values_list("level", flat=True)) == {"second"}
    assert arrears.send_due_reminders(acting=Acting.system(), today=dt.date(2027, 1, 20)) == 0


def test_a_household_with_a_running_plan_gets_no_reminder(owing, agent):
    arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("100"), first_due_on=dt.date(2026, 12, 10),
                       today=dt.date(2026, 12, 5))
    assert {t.number for t, _ in arrears.reminders_due(dt.date(2026, 12, 11))} == {"2605678", "2609999"}


# --- payment plans -------------------------------------------------------------------------------


def test_instalments_add_up_to_the_debt_exactly():
    parts = arrears.split_debt(Decimal("1071.00"), Decimal("100.00"))
    assert parts == [Decimal("100.00")] * 10 + [Decimal("71.00")]
    assert sum(parts) == Decimal("1071.00")
    assert arrears.split_debt(Decimal("99.99"), Decimal("33.33")) == [Decimal("33.33")] * 3


def test_the_tenant_asks_for_a_plan_and_the_officer_proposes_another_amount(owing, tenant, tenant_person, agent):
    asked = arrears.request_plan(acting=Acting(user=tenant), tenancy=owing, person=tenant_person,
                                 monthly=Decimal("50.00"), note="Je touche mes allocations le 10.")
    assert asked.state == PlanState.REQUESTED
    with pytest.raises(DomainError):
        arrears.request_plan(acting=Acting(user=tenant), tenancy=owing, person=tenant_person, monthly=Decimal("60"))
    plan = arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("75.00"),
                              first_due_on=dt.date(2026, 12, 10), today=dt.date(2026, 12, 5))
    # Another amount than asked: the household says yes first (see test_plan_proposal.py).
    assert plan.pk == asked.pk and plan.state == PlanState.PROPOSED and not plan.instalments.exists()
    assert AuditEvent.objects.get(action="rent.plan_proposed").data["offered"] == "50.00"
    told = Message.objects.filter(person=tenant_person, channel="email").order_by("-pk").first()
    assert "75,00" in plain(told.body) and "15" in told.body
    plan = arrears.answer_plan(acting=Acting(user=tenant), plan=plan, person=tenant_person, accept=True,
                               today=dt.date(2026, 12, 5))
    assert plan.state == PlanState.ACTIVE
    instalments = list(plan.instalments.all())
    assert len(instalments) == 15
    assert sum(i.amount for i in instalments) == Decimal("1071.00")
    assert instalments[0].due_on == dt.date(2026, 12, 10) and instalments[1].due_on == dt.date(2027, 1, 10)


def test_a_plan_of_more_than_36_instalments_is_refused(owing, tenant, tenant_person):
    with pytest.raises(DomainError) as error:
        arrears.request_plan(acting=Acting(user=tenant), tenancy=owing, person=tenant_person, monthly=Decimal("10"))
    assert error.value.field == "monthly"


def test_a_neighbour_cannot_ask_for_a_plan_for_amina(owing, neighbour, neighbour_person):
    with pytest.raises(DomainError):
        arrears.request_plan(acting=Acting(user=neighbour), tenancy=owing, person=neighbour_person,
                             monthly=Decimal("50"))


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "abc"])
def test_a_wrong_amount_for_a_plan_is_refused(owing, agent, amount):
    with pytest.raises(DomainError):
        arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=amount,
                           first_due_on=dt.date(2026, 12, 10), today=dt.date(2026, 12, 5))


def test_a_paid_instalment_is_marked_paid_and_a_missed_one_flags_the_plan(in_2027, owing, agent, tenant_person):
    plan = arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("500.00"),
                              first_due_on=dt.date(2026, 12, 10), today=dt.date(2026, 12, 5))
    pay(agent, owing, "500.00", dt.date(2026, 12, 9))
    assert arrears.check_plans(acting=Acting.system(), today=dt.date(2026, 12, 16)) == 0
    first, second, third = plan.instalments.order_by("number")
    first.refresh_from_db()
    assert first.state == InstalmentState.PAID
    # January: the rent is charged and nothing is paid by the 15th.
    charge_rent(acting=Acting.system(), period=JAN)
    assert arrears.check_plans(acting=Acting.system(), today=dt.date(2027, 1, 16)) == 1
    plan.refresh_from_db()
    assert plan.state == PlanState.BEHIND
    second.refresh_from_db()
    assert second.state == InstalmentState.MISSED
    told = Message.objects.filter(person=tenant_person, channel="email").order_by("-pk").first()
    assert "500,00" in plain(told.body) and "Nadia Haddad" in told.body
    assert arrears.check_plans(acting=Acting.system(), today=dt.date(2027, 1, 17)) == 0


def test_a_plan_is_completed_once_nothing_is_owed(in_2027, owing, agent):
    plan = arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("500.00"),
                              first_due_on=dt.date(2026, 12, 10), today=dt.date(2026, 12, 5))
    pay(agent, owing, "1071.00", dt.date(2026, 12, 9))
    arrears.check_plans(acting=Acting.system(), today=dt.date(2026, 12, 16))
    plan.refresh_from_db()
    assert plan.state == PlanState.COMPLETED
    assert set(plan.instalments.values_list("state", flat=True)) == {InstalmentState.PAID}


def test_the_daily_command_sends_the_due_reminders_once(owing):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(dt.datetime(2026, 12, 11, 8, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        call_command("arrears_daily", stdout=out)
        assert "reminders sent: 3" in out.getvalue()
        call_command("arrears_daily", stdout=out)
        assert "reminders sent: 0" in out.getvalue()
    assert Reminder.objects.count() == 3
