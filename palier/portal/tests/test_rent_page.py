import datetime as dt
import html
import re
from decimal import Decimal

from django.urls import reverse

from palier.core.acting import Acting
from palier.rent.services import charge_rent, record_payment


def text(response):
    return html.unescape(response.content.decode())


def _charge(tenancy):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))


def test_the_home_page_says_what_the_tenant_owes_and_links_to_the_rent_page(client, tenant, tenancy):
    _charge(tenancy)
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert "Vous devez 535,50\xa0€." in page
    assert reverse("portal:rent") in page


def test_the_home_page_says_when_the_tenant_has_credit(client, tenant, tenancy, agent):
    record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=Decimal("40"), paid_on=dt.date(2026, 11, 2),
                   channel="counter")
    client.force_login(tenant)
    assert "Vous avez un crédit de 40,00\xa0€." in text(client.get(reverse("portal:home")))


def test_the_rent_page_shows_the_balance_the_charges_and_how_to_pay(client, tenant, tenancy, landlord):
    _charge(tenancy)
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Vous devez 535,50\xa0€." in page
    assert "450,50\xa0€" in page and "85,00\xa0€" in page
    assert tenancy.payment_reference in page
    assert "data:image/svg+xml" in page
    assert 'alt="Code QR pour un virement de 535,50\xa0€' in page


def test_a_cotenant_sees_the_same_rent_page(client, cotenant, tenancy):
    _charge(tenancy)
    client.force_login(cotenant)  # Youssef reads Dutch
    page = text(client.get(reverse("portal:rent")))
    assert "U moet" in page and "535,50" in page
    assert "U moet €\xa0535,50 betalen." in page


def test_the_neighbour_does_not_see_the_tenants_payments(client, neighbour, tenancy, neighbour_tenancy, agent):
    record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=Decimal("123.45"),
                   paid_on=dt.date(2026, 11, 2), channel="counter")
    client.force_login(neighbour)
    page = text(client.get(reverse("portal:rent")))
    assert "123,45" not in page
    assert "U moet niets betalen." in page  # Jan reads Dutch


def test_the_history_shows_24_lines_a_page(client, tenant, tenancy):
    for month in range(1, 13):
        charge_rent(acting=Acting.system(), period=dt.date(2025, month, 1))
    _charge(tenancy)  # 13 months: 26 lines
    client.force_login(tenant)
    first = text(client.get(reverse("portal:rent")))
    assert len(re.findall(r"<tr>", first)) == 25  # the header and 24 lines
    second = text(client.get(reverse("portal:rent") + "?page=2"))
    assert len(re.findall(r"<tr>", second)) == 3  # the header and the 2 oldest lines


def test_without_a_valid_iban_the_page_says_to_call_the_agency(client, tenant, tenancy, landlord):
    landlord.iban = "BE00 0000 0000 0000"
    landlord.save()
    client.force_login(tenant)
    page = text(client.get(reverse("portal:rent")))
    assert "Appelez votre agence pour savoir où payer votre loyer." in page
    assert "data:image/svg+xml" not in page


def test_the_rent_page_with_ten_years_of_ledger_needs_few_queries(client, tenant, tenancy,
                                                                    django_assert_max_num_queries):
    for year in range(2016, 2026):
        for month in range(1, 13):
            charge_rent(acting=Acting.system(), period=dt.date(year, month, 1))
    client.force_login(tenant)
    client.get(reverse("portal:rent"))  # the session and the landlord are read once
    with django_assert_max_num_queries(9):
        response = client.get(reverse("portal:rent"))
    assert response.status_code == 200


def test_a_payment_in_the_history_says_how_it_was_paid_in_the_tenants_words(client, tenant, tenancy, agent):
    import datetime as dt
    from decimal import Decimal

    from palier.core.acting import Acting
    from palier.rent.services import record_payment

    record_payment(acting=Acting(user=agent), tenancy=tenancy, amount=Decimal("100.00"), paid_on=dt.date(2026, 11, 2),
                   channel="counter", label="cash, receipt 42")
    client.force_login(tenant)
    page = html.unescape(client.get(reverse("portal:rent")).content.decode())
    assert "Paiement — au guichet" in page
    assert "receipt 42" not in page
