"""What the balance is made of: the months still unpaid or partly paid (payments pay the oldest
charges first), the other amounts owed, or the credit; on the portal's and the kiosk's rent pages."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from palier import testing as t
from palier.core.acting import Acting
from palier.rent.models import EntryKind, LedgerEntry, PaymentChannel
from palier.rent.queries import balance_breakdown, balance_of
from palier.rent.services import charge_rent, record_correction, record_payment

from .test_payments_pages import kiosk_sign_in

pytestmark = pytest.mark.django_db

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


def charge(*months):
    for month in months:
        charge_rent(acting=Acting.system(), period=month)


def pay(tenancy, amount, on=dt.date(2026, 11, 5)):
    return record_payment(acting=Acting.system(), tenancy=tenancy, amount=Decimal(amount), paid_on=on,
                          channel=PaymentChannel.TRANSFER)


def given_back(tenancy, amount, *, kind=EntryKind.REFUND, channel=PaymentChannel.ONLINE, label="Online payment refunded"):
    return LedgerEntry.objects.create(tenancy=tenancy, kind=kind, booked_on=dt.date(2026, 11, 20),
                                      amount=Decimal(amount), label=label, channel=channel,
                                      idempotency_key=f"test-given-back:{amount}:{kind}")


def owed(tenancy, **kwargs):
    """The breakdown as (month or label, left, charged); checks it adds up to the balance."""
    breakdown = balance_breakdown(tenancy, **kwargs)
    assert breakdown.balance == balance_of(tenancy)
    assert breakdown.count == LedgerEntry.objects.filter(tenancy=tenancy).count()
    if breakdown.balance > 0:
        assert sum(p.left for p in breakdown.parts) + breakdown.earlier == breakdown.balance
    else:
        assert not breakdown.parts and not breakdown.earlier
    return [(p.period or p.label, p.left, p.charged) for p in breakdown.parts]


def D(value):
    return Decimal(value)


def test_an_empty_ledger_owes_nothing(tenancy):
    breakdown = balance_breakdown(tenancy)
    assert (breakdown.balance, breakdown.count, breakdown.parts, breakdown.earlier) == (0, 0, (), 0)


def test_unpaid_months_are_listed_oldest_first(tenancy):
    charge(OCT, NOV)
    assert owed(tenancy) == [(OCT, D("535.50"), D("535.50")), (NOV, D("535.50"), D("535.50"))]


def test_a_partial_payment_pays_the_oldest_month_first(tenancy):
    charge(OCT, NOV)
    pay(tenancy, "500.00")
    assert owed(tenancy) == [(OCT, D("35.50"), D("535.50")), (NOV, D("535.50"), D("535.50"))]


def test_a_payment_made_before_the_charge_still_pays_the_oldest_month(tenancy):
    pay(tenancy, "1000.00", on=dt.date(2026, 9, 20))
    charge(OCT, NOV)
    assert owed(tenancy) == [(NOV, D("71.00"), D("535.50"))]


def test_an_overpayment_leaves_a_credit_and_no_month_owed(tenancy):
    charge(NOV)
    pay(tenancy, "600.00")
    breakdown = balance_breakdown(tenancy)
    assert breakdown.parts == () and breakdown.credit == D("64.50") and breakdown.owed == 0


def test_a_month_paid_in_full_is_not_listed(tenancy):
    charge(OCT, NOV)
    pay(tenancy, "535.50")
    assert owed(tenancy) == [(NOV, D("535.50"), D("535.50"))]


def test_a_cancelled_payment_makes_the_month_owed_again_not_a_separate_line(tenancy, accountant):
    charge(OCT, NOV)
    first = pay(tenancy, "535.50", on=dt.date(2026, 10, 5))
    pay(tenancy, "535.50", on=dt.date(2026, 11, 5))
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("535.50"),
                      reason="Cheque refused", corrects=first)
    # The November payment now pays October, the oldest month: November is owed.
    assert owed(tenancy) == [(NOV, D("535.50"), D("535.50"))]


def test_a_lowered_charge_shows_what_the_month_really_costs(tenancy, accountant):
    charge(NOV)
    rent = LedgerEntry.objects.get(tenancy=tenancy, kind=EntryKind.RENT)
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("-50.50"),
                      reason="Rent lowered", corrects=rent)
    pay(tenancy, "400.00")
    assert owed(tenancy) == [(NOV, D("85.00"), D("485.00"))]


def test_a_cancelled_charge_leaves_nothing_of_that_month(tenancy, accountant):
    charge(OCT, NOV)
    for entry in LedgerEntry.objects.filter(tenancy=tenancy, period=NOV):
        record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=-entry.amount,
                          reason="Charged twice", corrects=entry)
    assert owed(tenancy) == [(OCT, D("535.50"), D("535.50"))]


def test_an_amount_added_by_hand_is_listed_with_its_reason(tenancy, accountant):
    charge(NOV)
    pay(tenancy, "535.50")
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("12.00"), reason="Key replaced")
    assert owed(tenancy) == [("Key replaced", D("12.00"), D("12.00"))]


def test_a_goodwill_credit_by_hand_pays_the_oldest_month(tenancy, accountant):
    charge(OCT, NOV)
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("-100.00"), reason="Gesture")
    assert owed(tenancy) == [(OCT, D("435.50"), D("535.50")), (NOV, D("535.50"), D("535.50"))]


def test_a_refund_takes_back_a_payment_so_the_month_is_partly_owed_again(tenancy):
    charge(NOV)
    pay(tenancy, "535.50")
    given_back(tenancy, "100.00")
    assert owed(tenancy) == [(NOV, D("100.00"), D("535.50"))]


def test_a_returned_direct_debit_makes_its_month_owed_again(tenancy):
    charge(OCT, NOV)
    pay(tenancy, "1071.00")
    given_back(tenancy, "535.50", kind=EntryKind.ADJUSTMENT, channel=PaymentChannel.DIRECT_DEBIT,
               label="Direct debit returned by the bank")
    assert owed(tenancy) == [(NOV, D("535.50"), D("535.50"))]


def test_a_refund_of_a_credit_owes_nothing(tenancy):
    charge(NOV)
    pay(tenancy, "600.00")
    given_back(tenancy, "64.50")
    assert owed(tenancy) == []
    assert balance_breakdown(tenancy).balance == 0


def test_money_given_back_beyond_every_charge_is_listed_itself(tenancy, accountant):
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("-100.00"), reason="Gesture")
    given_back(tenancy, "150.00")
    assert owed(tenancy) == [("Online payment refunded", D("50.00"), D("150.00"))]


def test_a_prorated_move_in_month_is_owed_for_the_days_lived_in(building):
    _, tenancy = t.household_with_tenancy(t.dwelling(building), name="New", rent="600.00", charges="31.00",
                                          start=dt.date(2026, 12, 21))
    charge(DEC, dt.date(2027, 1, 1))
    pay(tenancy, "100.00", on=dt.date(2026, 11, 25))  # paid ahead
    # December: 212.90 + 11.00 for 11 days of 31.
    assert owed(tenancy) == [(DEC, D("123.90"), D("223.90")), (dt.date(2027, 1, 1), D("631.00"), D("631.00"))]


def test_long_arrears_name_the_newest_months_and_add_up_the_earlier_ones(tenancy):
    charge(*[dt.date(2025, month, 1) for month in range(1, 13)], OCT, NOV)
    pay(tenancy, "100.00")
    breakdown = balance_breakdown(tenancy, max_parts=3)
    assert [p.period for p in breakdown.parts] == [dt.date(2025, 12, 1), OCT, NOV]
    assert breakdown.earlier == D("535.50") * 11 - D("100.00")
    owed(tenancy, max_parts=3)


def test_only_the_newest_rows_are_read_and_the_rest_is_added_up(tenancy):
    charge(*[dt.date(2025, month, 1) for month in range(1, 13)])
    breakdown = balance_breakdown(tenancy, rows=5)
    # Five rows: December's two lines, November's two, and one of October's: October is incomplete.
    assert [p.period for p in breakdown.parts] == [dt.date(2025, 11, 1), dt.date(2025, 12, 1)]
    assert breakdown.earlier == D("535.50") * 10
    assert breakdown.count == 24
    owed(tenancy, rows=5)


def test_ten_years_paid_every_month_owe_nothing_in_one_query(tenancy, django_assert_num_queries):
    from palier.rent.bench import seed_ten_years

    seed_ten_years([tenancy.pk], today=dt.date(2026, 11, 15))
    charge(NOV)
    pay(tenancy, "35.50")
    with django_assert_num_queries(1):
        breakdown = balance_breakdown(tenancy)
    assert breakdown.count == 363
    assert [(p.period, p.left) for p in breakdown.parts] == [(NOV, D("500.00"))]


# --- the pages ----------------------------------------------------------------------------------


def text(response):
    """The page as a reader gets it: entities decoded, no blank space between tags."""
    return re.sub(r">\s+<", "><", html.unescape(response.content.decode()))


def test_the_portal_rent_page_says_which_months_are_still_to_pay(client, tenant, tenancy):
    charge(OCT, NOV)
    pay(tenancy, "500.00")
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Reste à payer" in page
    assert "Vos paiements paient d’abord les mois les plus anciens." in page
    assert "<dt>Octobre 2026</dt><dd>reste 35,50\xa0€ sur 535,50\xa0€</dd>" in page
    assert "<dt>Novembre 2026</dt><dd>535,50\xa0€</dd>" in page


def test_the_portal_rent_page_says_a_credit_pays_the_next_rent(client, tenant, tenancy):
    charge(NOV)
    pay(tenancy, "600.00")
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Vous avez un crédit de 64,50\xa0€." in page
    assert "Nous déduisons votre crédit de votre prochain loyer." in page
    assert "Reste à payer" not in page


def test_the_portal_rent_page_names_an_amount_added_by_hand_with_its_reason(client, tenant, tenancy, accountant):
    charge(NOV)
    pay(tenancy, "535.50")
    record_correction(acting=Acting(user=accountant), tenancy=tenancy, amount=D("12.00"), reason="Clé remplacée")
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "<dt>Clé remplacée (" in page and "<dd>12,00\xa0€</dd>" in page


def test_the_rent_page_with_ten_years_and_arrears_stays_within_its_query_budget(
        client, tenant, tenancy, django_assert_max_num_queries):
    from palier.rent.bench import seed_ten_years

    seed_ten_years([tenancy.pk], today=dt.date(2026, 9, 15))
    charge(OCT, NOV)
    pay(tenancy, "500.00")
    client.force_login(tenant)
    client.get(reverse("portal:rent"))  # the session and the landlord are read once
    with django_assert_max_num_queries(9):
        page = text(client.get(reverse("portal:rent")))
    assert "<dt>Octobre 2026</dt><dd>reste 35,50\xa0€ sur 535,50\xa0€</dd>" in page


def test_the_kiosk_rent_page_says_which_months_are_still_to_pay(kiosk_client, tenant, tenancy):
    charge(OCT, NOV)
    pay(tenancy, "500.00")
    kiosk = kiosk_sign_in(kiosk_client, tenancy)
    page = text(kiosk.get(reverse("kiosk:rent")))
    assert "Reste à payer" in page
    assert "<dt>Octobre 2026</dt><dd>reste 35,50\xa0€ sur 535,50\xa0€</dd>" in page
