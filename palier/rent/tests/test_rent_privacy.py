"""Rent, direct debit and online payments in "My data", and the 10-year retention of payment data
(identities removed, amounts kept)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from palier.core.acting import Acting
from palier.privacy.services import apply_retention, export_json, export_person
from palier.rent import direct_debit as debits
from palier.rent.debit_models import Debit, DebitBatch, MandateState
from palier.rent.payment_models import OnlinePayment

from .rentdocs_helpers import charge, pay

pytestmark = pytest.mark.django_db
IBAN = "BE68539007547034"


def sections(data) -> dict:
    return {s["name"]: s["data"] for s in data["sections"]}


@pytest.fixture
def mandate(tenant, tenant_person, tenancy):
    from palier import testing as t

    return debits.sign_mandate(acting=Acting(user=tenant), tenancy=tenancy, signatory=tenant_person,
                               account_holder="Amina Benali", iban=IBAN, secret=t.PASSWORD)


def test_my_data_holds_the_ledger_the_mandates_with_a_masked_iban_and_the_online_payments(
        tenant, tenant_person, tenancy, mandate, accountant):
    charge(dt.date(2026, 11, 1))
    pay(tenancy, "100.00", dt.date(2026, 11, 3))
    OnlinePayment.objects.create(tenancy=tenancy, person=tenant_person, provider="sandbox", provider_id="sbx_1",
                                 amount=Decimal("20.00"), status="paid")
    batch = DebitBatch.objects.create(reference="PALDD-T", due_on=dt.date(2026, 12, 1))
    Debit.objects.create(batch=batch, mandate=mandate, tenancy=tenancy, due_on=batch.due_on, amount=Decimal("435.50"),
                         sequence_type="FRST", end_to_end_id="E2E-1", state="returned", return_reason="AM04",
                         returned_on=dt.date(2026, 12, 5))
    data = export_person(acting=Acting(user=tenant), person=tenant_person)
    blob = export_json(data).decode()
    assert IBAN not in blob and "BE68 5390" not in blob
    parts = sections(data)
    assert {e["amount"] for e in parts["rent"]} >= {"450.50", "-100.00"}
    debit_part = parts["rent_debit"]
    assert debit_part["mandates"][0]["iban"].endswith("7034")
    assert debit_part["mandates"][0]["reference"] == mandate.reference
    assert debit_part["debits"][0]["amount"] == "435.50"
    assert "pas assez d'argent" in debit_part["debits"][0]["why_returned"]
    assert parts["rent_online"]["online_payments"][0]["amount"] == "20.00"


def test_after_ten_years_identities_are_removed_from_payment_data_and_amounts_stay(
        tenant, tenant_person, tenancy, mandate, accountant):
    debits.cancel_mandate(acting=Acting(user=tenant), mandate=mandate, person=tenant_person)
    payment = OnlinePayment.objects.create(tenancy=tenancy, person=tenant_person, provider="sandbox",
                                           provider_id="sbx_2", amount=Decimal("20.00"), status="paid",
                                           checkout_url="https://example.org/pay")
    # Nine years on: nothing changes.
    with time_machine.travel(timezone.now() + dt.timedelta(days=9 * 365)):
        apply_retention(acting=Acting.system())
    mandate.refresh_from_db()
    assert mandate.account_holder == "Amina Benali" and mandate.iban == IBAN
    # Past ten years: the holder, the account and the payer are gone; references and amounts stay.
    with time_machine.travel(timezone.now() + dt.timedelta(days=10 * 366)):
        run = apply_retention(acting=Acting.system())
    mandate.refresh_from_db()
    payment.refresh_from_db()
    assert (mandate.account_holder, mandate.iban, mandate.iban_hash, mandate.signed_by_id) == ("", "", "", None)
    assert mandate.reference and mandate.state == MandateState.CANCELLED
    assert payment.person_id is None and payment.checkout_url == "" and payment.amount == Decimal("20.00")
    lines = {line["what"]: line["count"] for line in run.report if line["app"] == "rent_debit"}
    assert lines == {"direct debit mandates: holder and account removed": 1, "online payments: payer removed": 1}
    assert "holder" not in json.dumps(run.report).replace("holder and account", "")


def test_an_active_mandate_is_never_redacted(tenant, tenant_person, tenancy, mandate):
    with time_machine.travel(timezone.now() + dt.timedelta(days=11 * 366)):
        apply_retention(acting=Acting.system())
    mandate.refresh_from_db()
    assert mandate.account_holder == "Amina Benali"
