"""Corrections of the rent ledger by an accountant: a new entry, never a change to the old one; an
entry is corrected once at most; audited; the tenant reads the reason in their history."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.audit.registry import describe
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.rent.models import EntryKind, LedgerEntry
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent, record_correction, record_payment

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)


def text(response):
    return html.unescape(response.content.decode())


def sign_in(client, user):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


@pytest.fixture
def charged(tenancy):
    charge_rent(acting=Acting.system(), period=NOV)
    return tenancy


@pytest.fixture
def double_payment(charged, agent):
    """Nadia booked Amina's counter payment of 535.50 twice: the second one is the mistake."""
    acting = Acting(user=agent)
    record_payment(acting=acting, tenancy=charged, amount=Decimal("535.50"), paid_on=dt.date(2026, 11, 3),
                   channel="counter")
    return record_payment(acting=acting, tenancy=charged, amount=Decimal("535.50"), paid_on=dt.date(2026, 11, 3),
                          channel="counter")


# --- the service ------------------------------------------------------------------------------


def test_an_accountant_cancels_a_payment_booked_twice_with_a_new_entry(accountant, charged, double_payment):
    assert balance_of(charged) == Decimal("-535.50")
    entry = record_correction(acting=Acting(user=accountant), tenancy=charged, amount=Decimal("535.50"),
                              reason="Payment booked twice", corrects=double_payment)
    assert (entry.kind, entry.amount, entry.label) == (EntryKind.ADJUSTMENT, Decimal("535.50"), "Payment booked twice")
    assert entry.idempotency_key == f"correction:{double_payment.pk}"
    double_payment.refresh_from_db()
    assert double_payment.amount == Decimal("-535.50")  # the old entry is left as it was
    assert balance_of(charged) == Decimal("0.00")
    assert LedgerEntry.objects.filter(tenancy=charged).count() == 5


def test_an_entry_cannot_be_reversed_twice(accountant, charged, double_payment):
    acting = Acting(user=accountant)
    record_correction(acting=acting, tenancy=charged, amount=Decimal("535.50"), reason="Booked twice",
                      corrects=double_payment)
    with pytest.raises(DomainError) as refused:
        record_correction(acting=acting, tenancy=charged, amount=Decimal("535.50"), reason="Booked twice",
                          corrects=double_payment)
    assert refused.value.code == "duplicate"
    assert balance_of(charged) == Decimal("0.00")  # the tenant is not charged twice
    assert AuditEvent.objects.filter(action="rent.correction_recorded").count() == 1


def test_a_wrong_charge_is_lowered_and_the_balance_follows(accountant, charged):
    rent = LedgerEntry.objects.get(tenancy=charged, kind=EntryKind.RENT)
    record_correction(acting=Acting(user=accountant), tenancy=charged, amount=Decimal("-50.50"),
                      reason="Rent lowered from November", corrects=rent)
    assert balance_of(charged) == Decimal("485.00")


def test_a_correction_of_no_entry_can_go_either_way(accountant, charged):
    acting = Acting(user=accountant)
    record_correction(acting=acting, tenancy=charged, amount=Decimal("-35.50"), reason="Goodwill gesture")
    record_correction(acting=acting, tenancy=charged, amount=Decimal("12.00"), reason="Key replaced")
    assert balance_of(charged) == Decimal("512.00")


@pytest.mark.parametrize("amount, field", [
    (Decimal("0"), "amount"), (Decimal("0.00"), "amount"), (Decimal("10.005"), "amount"), (10, "amount"),
    (10.5, "amount"), ("10.50", "amount"), (Decimal("NaN"), "amount"),
])
def test_a_zero_non_decimal_or_over_precise_amount_is_refused(accountant, charged, amount, field):
    with pytest.raises(DomainError) as refused:
        record_correction(acting=Acting(user=accountant), tenancy=charged, amount=amount, reason="Because")
    assert refused.value.field == field
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_correction_needs_a_reason_the_tenant_can_read(accountant, charged, reason):
    with pytest.raises(DomainError) as refused:
        record_correction(acting=Acting(user=accountant), tenancy=charged, amount=Decimal("1.00"), reason=reason)
    assert refused.value.field == "reason"


def test_an_entry_of_another_tenancy_cannot_be_corrected_through_this_one(accountant, charged, neighbour_tenancy):
    charge_rent(acting=Acting.system(), period=NOV)  # Jan's rent too
    neighbours_rent = LedgerEntry.objects.get(tenancy=neighbour_tenancy, kind=EntryKind.RENT)
    with pytest.raises(DomainError) as refused:
        record_correction(acting=Acting(user=accountant), tenancy=charged, amount=-neighbours_rent.amount,
                          reason="Wrong rent", corrects=neighbours_rent)
    assert refused.value.field == "corrects"
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


@pytest.mark.parametrize("amount", [Decimal("-535.50"), Decimal("535.51"), Decimal("-10.00")])
def test_a_correction_of_an_entry_goes_the_other_way_and_at_most_its_amount(accountant, charged, double_payment,
                                                                            amount):
    with pytest.raises(DomainError) as refused:
        record_correction(acting=Acting(user=accountant), tenancy=charged, amount=amount,
                          reason="Mistake", corrects=double_payment)
    assert "comprise entre 0,01" in refused.value.message and "535,50" in refused.value.message


@pytest.mark.parametrize("persona", ["agent", "manager", "tenant", "helper"])
def test_only_an_accountant_may_correct_the_ledger(request, charged, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError) as refused:
        record_correction(acting=Acting(user=user), tenancy=charged, amount=Decimal("-10.00"), reason="Gesture")
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError):
        record_correction(acting=Acting.system(), tenancy=charged, amount=Decimal("-10.00"), reason="Gesture")
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


def test_a_correction_is_audited_with_its_amount_reason_and_entry(accountant, charged, double_payment):
    entry = record_correction(acting=Acting(user=accountant), tenancy=charged, amount=Decimal("535.50"),
                              reason="Payment booked twice", corrects=double_payment)
    event = AuditEvent.objects.get(action="rent.correction_recorded")
    assert event.actor == accountant
    assert event.target_id == str(charged.pk)
    assert event.data == {"amount": "535.50", "reason": "Payment booked twice", "entry": entry.pk,
                          "corrects": double_payment.pk}
    assert describe(event) == "Compte de loyer corrigé"


# --- the back office ---------------------------------------------------------------------------


def test_the_ledger_page_offers_the_accountant_a_correct_link_per_entry_and_a_correction_form(
        client, accountant, charged, double_payment):
    sign_in(client, accountant)
    page = text(client.get(reverse("backoffice:tenant-ledger", args=[charged.pk])))
    assert reverse("backoffice:tenant-ledger-entry-correction", args=[charged.pk, double_payment.pk]) in page
    assert "Add a correction" in page
    assert f'action="{reverse("backoffice:tenant-ledger-correction", args=[charged.pk])}"' in page


def test_an_agent_sees_the_ledger_without_corrections_and_cannot_post_one(client, agent, charged, double_payment):
    sign_in(client, agent)
    page = text(client.get(reverse("backoffice:tenant-ledger", args=[charged.pk])))
    assert "Add a correction" not in page
    assert "/correction/" not in page
    url = reverse("backoffice:tenant-ledger-entry-correction", args=[charged.pk, double_payment.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"correction-amount": "535.50", "correction-reason": "Booked twice"})
    assert response.status_code == 404
    assert client.post(reverse("backoffice:tenant-ledger-correction", args=[charged.pk]),
                       {"correction-amount": "-10", "correction-reason": "Gesture"}).status_code == 404
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


def test_correct_on_a_payment_fills_in_the_amount_that_cancels_it(client, accountant, charged, double_payment):
    sign_in(client, accountant)
    page = text(client.get(reverse("backoffice:tenant-ledger-entry-correction", args=[charged.pk, double_payment.pk])))
    assert 'value="535.50"' in page
    assert "credit of €535.50" in page


def test_the_accountant_reverses_a_payment_from_the_back_office(client, accountant, charged, double_payment):
    sign_in(client, accountant)
    url = reverse("backoffice:tenant-ledger-entry-correction", args=[charged.pk, double_payment.pk])
    response = client.post(url, {"correction-amount": "535.50", "correction-reason": "Payment booked twice"})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:tenant-ledger", args=[charged.pk])
    page = text(client.get(response["Location"]))
    assert "The correction is recorded." in page
    assert "Nothing owed" in page
    assert "Corrected" in page
    assert url not in page  # no second "Correct" on that line
    again = client.post(url, {"correction-amount": "535.50", "correction-reason": "Payment booked twice"})
    assert again.status_code == 200
    assert "This entry is already corrected." in text(again)
    assert balance_of(charged) == Decimal("0.00")


def test_a_correction_without_an_entry_is_posted_from_the_ledger_page(client, accountant, charged):
    sign_in(client, accountant)
    response = client.post(reverse("backoffice:tenant-ledger-correction", args=[charged.pk]),
                           {"correction-amount": "-35.50", "correction-reason": "Goodwill gesture"})
    assert response.status_code == 302
    assert balance_of(charged) == Decimal("500.00")
    assert LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT).label == "Goodwill gesture"


def test_a_wrong_correction_is_shown_again_with_the_reason_in_words(client, accountant, charged):
    sign_in(client, accountant)
    url = reverse("backoffice:tenant-ledger-correction", args=[charged.pk])
    for data in ({"correction-amount": "0", "correction-reason": "Nothing"},
                 {"correction-amount": "12", "correction-reason": ""},
                 {"correction-amount": "abc", "correction-reason": "Why"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode()
    assert "A correction cannot be zero." in text(client.post(url, {"correction-amount": "0",
                                                                     "correction-reason": "Nothing"}))
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


def test_an_entry_of_another_tenancy_gives_404_through_this_file(client, accountant, charged, neighbour_tenancy):
    sign_in(client, accountant)
    charge_rent(acting=Acting.system(), period=NOV)  # Jan's rent too
    neighbours_rent = LedgerEntry.objects.get(tenancy=neighbour_tenancy, kind=EntryKind.RENT)
    url = reverse("backoffice:tenant-ledger-entry-correction", args=[charged.pk, neighbours_rent.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"correction-amount": "-450.50", "correction-reason": "Wrong"}).status_code == 404
    assert not LedgerEntry.objects.filter(kind=EntryKind.ADJUSTMENT).exists()


def test_the_tenant_reads_the_correction_and_its_reason_in_her_history(client, tenant, accountant, charged,
                                                                        double_payment):
    record_correction(acting=Acting(user=accountant), tenancy=charged, amount=Decimal("535.50"),
                      reason="Paiement enregistré deux fois", corrects=double_payment)
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Ajustement — Paiement enregistré deux fois" in page
    assert "Vous ne devez rien." in page
