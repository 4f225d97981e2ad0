"""SEPA direct debit: mandates, batches, collection and returned debits."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.notifications.models import Message
from palier.rent import direct_debit as debits
from palier.rent.debit_models import BatchState, Debit, DebitState, Mandate, MandateState, SequenceType
from palier.rent.models import LedgerEntry, PaymentChannel
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent

IBAN = "BE68 5390 0754 7034"
TODAY = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
DUE = dt.date(2026, 12, 1)


def sign(tenant, person, tenancy, *, iban=IBAN, secret=t.PASSWORD, channel=Channel.WEB):
    return debits.sign_mandate(acting=Acting(user=tenant, channel=channel), tenancy=tenancy,
                               account_holder="Amina Benali", iban=iban, secret=secret, signatory=person)


@pytest.fixture
def mandate(tenant, tenant_person, tenancy):
    return sign(tenant, tenant_person, tenancy)


def test_a_tenant_signs_up_a_mandate_with_her_password_and_gets_its_reference(tenant, tenant_person, tenancy):
    mandate = sign(tenant, tenant_person, tenancy)
    assert mandate.state == MandateState.ACTIVE
    assert mandate.reference == "PAL-2601234-001"
    assert mandate.creditor_id == "BE69ZZZ0123456789"
    assert mandate.iban == "BE68539007547034"
    assert mandate.iban_last4 == "7034"
    messages = Message.objects.filter(person=tenant_person)
    assert messages.exists()
    assert all("PAL-2601234-001" in m.body and "BE69ZZZ0123456789" in m.body for m in messages)
    event = AuditEvent.objects.get(action="rent.mandate_signed")
    assert event.data["iban_last4"] == "7034"
    assert "BE68539007547034" not in str(event.data)


def test_the_iban_is_stored_encrypted(mandate):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT iban FROM rent_mandate WHERE id = %s", [mandate.pk])
        stored = cursor.fetchone()[0]
    assert "BE68539007547034" not in stored
    assert Mandate.objects.get(pk=mandate.pk).iban == "BE68539007547034"


def test_a_wrong_password_sets_up_nothing(tenant, tenant_person, tenancy):
    with pytest.raises(DomainError) as error:
        sign(tenant, tenant_person, tenancy, secret="not my password")
    assert error.value.field == "secret"
    assert not Mandate.objects.exists()


def test_at_the_kiosk_the_pin_proves_who_she_is(tenant, tenant_person, tenancy):
    with pytest.raises(DomainError):
        sign(tenant, tenant_person, tenancy, secret=t.PASSWORD, channel=Channel.KIOSK)
    assert sign(tenant, tenant_person, tenancy, secret=t.PIN, channel=Channel.KIOSK).channel == Channel.KIOSK


def test_five_wrong_passwords_block_the_sixth_try_even_a_right_one(tenant, tenant_person, tenancy):
    for _ in range(5):
        with pytest.raises(DomainError):
            sign(tenant, tenant_person, tenancy, secret="wrong")
    with pytest.raises(DomainError) as error:
        sign(tenant, tenant_person, tenancy)
    assert error.value.code == "locked"


@pytest.mark.parametrize("iban", ["BE68 5390 0754 7035", "BE68", "not an iban", "US12345678901234567890"])
def test_a_wrong_iban_is_refused_with_a_clear_message(tenant, tenant_person, tenancy, iban):
    with pytest.raises(DomainError) as error:
        sign(tenant, tenant_person, tenancy, iban=iban)
    assert error.value.field == "iban"
    assert not Mandate.objects.exists()


def test_a_french_account_is_accepted(tenant, tenant_person, tenancy):
    assert sign(tenant, tenant_person, tenancy, iban="FR14 2004 1010 0505 0001 3M02 606").iban_last4 == "2606"


def test_a_new_account_amends_the_active_mandate_under_the_same_reference(mandate, tenant, tenant_person, tenancy):
    second = sign(tenant, tenant_person, tenancy, iban="FR1420041010050500013M02606")
    assert second.pk == mandate.pk and second.reference == mandate.reference
    assert second.state == MandateState.ACTIVE and second.iban_last4 == "2606"
    assert second.amended_from_iban == mandate.iban
    assert Mandate.objects.filter(tenancy=tenancy).count() == 1
    assert AuditEvent.objects.filter(action="rent.mandate_amended").count() == 1


def test_a_neighbour_cannot_sign_for_amina(neighbour, neighbour_person, tenancy):
    with pytest.raises(DomainError):
        sign(neighbour, neighbour_person, tenancy)


def test_an_agent_signs_at_the_counter_with_her_own_password(agent, tenant_person, tenancy):
    mandate = debits.sign_mandate(acting=Acting(user=agent, channel=Channel.COUNTER).on_behalf_of(tenant_person),
                                  tenancy=tenancy, account_holder="Amina Benali", iban=IBAN, secret=t.PASSWORD,
                                  signatory=tenant_person)
    assert mandate.channel == Channel.COUNTER
    assert AuditEvent.objects.get(action="rent.mandate_signed").for_person_id == tenant_person.pk


def test_without_a_creditor_identifier_direct_debit_is_not_offered(landlord, tenant, tenant_person, tenancy):
    landlord.creditor_id = ""
    landlord.save()
    with pytest.raises(DomainError) as error:
        sign(tenant, tenant_person, tenancy)
    assert error.value.code == "no_creditor_id"


def test_the_tenant_cancels_her_mandate_and_is_told(mandate, tenant, tenant_person):
    debits.cancel_mandate(acting=Acting(user=tenant), mandate=mandate, person=tenant_person)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.CANCELLED
    told = Message.objects.filter(person=tenant_person).order_by("-pk").first()
    assert "ne prélèverons plus" in told.body and "7034" in told.body
    assert AuditEvent.objects.filter(action="rent.mandate_cancelled").count() == 1


def test_a_mandate_unused_for_36_months_lapses(mandate):
    Mandate.objects.filter(pk=mandate.pk).update(signed_on=dt.date(2023, 1, 10), last_collected_on=dt.date(2023, 11, 1))
    assert debits.lapse_unused_mandates(acting=Acting.system(), today=dt.date(2026, 11, 1)) == 0
    assert debits.lapse_unused_mandates(acting=Acting.system(), today=dt.date(2026, 11, 2)) == 1
    mandate.refresh_from_db()
    assert mandate.state == MandateState.LAPSED


# --- batches ---------------------------------------------------------------------------------------


@pytest.fixture
def now():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_accountant_prepares_a_batch_and_each_tenant_is_told_amount_and_date(now, mandate, accountant,
                                                                                tenant_person, cotenant_person):
    before = Message.objects.order_by("-pk").values_list("pk", flat=True).first()
    batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    debit = batch.debits.get()
    assert debit.amount == Decimal("535.50")
    assert debit.sequence_type == SequenceType.FIRST
    assert debit.end_to_end_id == f"DD20261201-2601234-{mandate.pk}"
    notices = Message.objects.filter(pk__gt=before)
    assert {m.person_id for m in notices} == {tenant_person.pk, cotenant_person.pk}
    french = Message.objects.filter(person=tenant_person).order_by("-pk").first()
    assert "535,50" in french.body and "1 décembre 2026" in french.body


def test_a_batch_less_than_five_days_away_is_refused(now, mandate, accountant):
    with pytest.raises(DomainError) as error:
        debits.prepare_batch(acting=Acting(user=accountant), due_on=dt.date(2026, 11, 24))
    assert error.value.field == "due_on"


def test_an_agent_cannot_prepare_a_batch(now, mandate, agent):
    with pytest.raises(DomainError):
        debits.prepare_batch(acting=Acting(user=agent), due_on=DUE)


def test_a_mandate_is_debited_once_per_date_whatever_the_batches(now, mandate, accountant):
    debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    with pytest.raises(DomainError):
        debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    assert Debit.objects.count() == 1


def test_a_credit_lowers_the_debit(now, mandate, accountant, tenancy, agent):
    from palier.rent.services import record_payment

    record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=Decimal("100.00"),
                   paid_on=dt.date(2026, 11, 19), channel=PaymentChannel.COUNTER)
    batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    assert batch.debits.get().amount == Decimal("435.50")


def test_collecting_books_one_payment_per_debit_once(now, mandate, accountant, tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    with pytest.raises(DomainError):
        debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch, collected_on=dt.date(2026, 11, 20))
    debits.export_batch(acting=Acting(user=accountant), batch=batch)
    assert debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch,
                                       collected_on=dt.date(2026, 11, 20)) == 1
    assert debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch,
                                       collected_on=dt.date(2026, 11, 20)) == 0
    payment = LedgerEntry.objects.get(tenancy=tenancy, channel=PaymentChannel.DIRECT_DEBIT)
    assert payment.amount == Decimal("-535.50")
    assert balance_of(tenancy) == Decimal("0.00")
    batch.refresh_from_db()
    assert batch.state == BatchState.COLLECTED
    mandate.refresh_from_db()
    assert mandate.last_collected_on == dt.date(2026, 11, 20)


def test_the_next_debit_after_a_collected_one_is_recurring(now, mandate, accountant):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    debits.export_batch(acting=Acting(user=accountant), batch=batch)
    debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch, collected_on=dt.date(2026, 11, 20))
    second = debits.prepare_batch(acting=Acting(user=accountant), due_on=dt.date(2027, 1, 4))
    assert second.debits.get().sequence_type == SequenceType.RECURRING


# --- returned debits -------------------------------------------------------------------------------


@pytest.fixture
def collected(now, mandate, accountant, tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    batch = debits.prepare_batch(acting=Acting(user=accountant), due_on=DUE)
    debits.export_batch(acting=Acting(user=accountant), batch=batch)
    debits.mark_batch_collected(acting=Acting(user=accountant), batch=batch, collected_on=dt.date(2026, 11, 20))
    return batch.debits.get()


def test_a_returned_debit_is_booked_back_once_and_the_tenant_is_told_kindly(collected, accountant, tenancy,
                                                                             tenant_person):
    debit = debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id=collected.end_to_end_id,
                                       amount=Decimal("535.50"), reason="AM04 insufficient funds",
                                       booked_on=dt.date(2026, 11, 20))
    assert debit.state == DebitState.RETURNED
    assert balance_of(tenancy) == Decimal("535.50")
    again = debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id=collected.end_to_end_id,
                                       amount=Decimal("535.50"), reason="AM04", booked_on=dt.date(2026, 11, 20))
    assert again.pk == debit.pk
    assert balance_of(tenancy) == Decimal("535.50")
    assert LedgerEntry.objects.filter(idempotency_key=f"debit-return:{collected.end_to_end_id}").count() == 1
    told = Message.objects.filter(person=tenant_person).order_by("-pk").first()
    assert "535,50" in told.body and "Nadia Haddad" in told.body and "+32 2 555 01 11" in told.body


def test_an_unknown_end_to_end_id_books_nothing(collected, accountant, tenancy):
    with pytest.raises(DomainError) as error:
        debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id="DD-NOT-OURS", amount=Decimal("5"),
                                   reason="", booked_on=dt.date(2026, 11, 20))
    assert error.value.code == "unknown"
    assert balance_of(tenancy) == Decimal("0.00")


def test_a_return_for_another_amount_books_nothing(collected, accountant, tenancy):
    with pytest.raises(DomainError):
        debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id=collected.end_to_end_id,
                                   amount=Decimal("12.00"), reason="", booked_on=dt.date(2026, 11, 20))
    assert balance_of(tenancy) == Decimal("0.00")
