from django.urls import reverse

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.estates.models import Landlord


def landlord_form(landlord, **changes):
    data = {
        "version": landlord.version, "name": landlord.name, "short_name": landlord.short_name, "iban": landlord.iban,
        "bic": landlord.bic, "creditor_id": landlord.creditor_id, "phone": landlord.phone,
        "emergency_phone": landlord.emergency_phone, "email": landlord.email, "website": "", "address": landlord.address,
    }
    data.update(changes)
    return data


def test_an_administrator_changes_the_bank_account(client, sign_in, administrator, landlord):
    sign_in(administrator)
    response = client.post(reverse("backoffice:landlord-settings"), landlord_form(landlord, iban="BE68 5390 0754 7034",
                                                                                  password=t.PASSWORD),
                           follow=True)
    assert "The landlord settings are saved." in response.content.decode()
    assert "BE68 5390 0754 7034" in response.content.decode()
    assert Landlord.objects.get().iban == "BE68539007547034"
    assert AuditEvent.objects.get(action="estates.landlord_updated").data["iban"]["new_last4"] == "7034"


def test_a_mistyped_iban_is_refused_next_to_the_field(client, sign_in, administrator, landlord):
    sign_in(administrator)
    response = client.post(reverse("backoffice:landlord-settings"), landlord_form(landlord, iban="BE68539007547035",
                                                                                  password=t.PASSWORD))
    page = response.content.decode()
    assert "This IBAN is not valid" in page and 'href="#id_iban"' in page
    assert Landlord.objects.get().iban == "BE71096123456769"


def test_the_second_editor_is_told_and_sees_the_current_settings(client, sign_in, administrator, landlord):
    sign_in(administrator)
    stale = landlord_form(landlord, phone="+32 2 555 01 02")
    client.post(reverse("backoffice:landlord-settings"), landlord_form(landlord, phone="+32 2 555 01 01"))
    response = client.post(reverse("backoffice:landlord-settings"), stale)
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page
    assert "+32 2 555 01 01" in page
    assert Landlord.objects.get().phone == "+32 2 555 01 01"


def test_an_administrator_changes_an_agencys_opening_hours(client, sign_in, administrator, agency):
    sign_in(administrator)
    url = reverse("backoffice:agency-edit", args=[agency.pk])
    page = client.get(url).content.decode()
    assert 'value="09:00' in page
    data = {
        "version": agency.version, "name": agency.name, "street": agency.street, "postcode": agency.postcode,
        "city": agency.city, "phone": agency.phone, "email": agency.email,
        "hours-TOTAL_FORMS": 2, "hours-INITIAL_FORMS": 0,
        "hours-0-weekday": 0, "hours-0-opens": "08:30", "hours-0-closes": "12:00",
        "hours-1-weekday": 3, "hours-1-opens": "14:00", "hours-1-closes": "18:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert [(h.weekday, f"{h.opens:%H:%M}") for h in agency.opening_hours.all()] == [(0, "08:30"), (3, "14:00")]
    assert AuditEvent.objects.filter(action="estates.agency_updated").exists()


def test_a_closing_time_before_the_opening_time_is_refused(client, sign_in, administrator, agency):
    sign_in(administrator)
    data = {
        "version": agency.version, "name": agency.name, "street": agency.street, "postcode": agency.postcode,
        "city": agency.city, "phone": agency.phone, "email": agency.email,
        "hours-TOTAL_FORMS": 1, "hours-INITIAL_FORMS": 0,
        "hours-0-weekday": 0, "hours-0-opens": "12:00", "hours-0-closes": "09:00",
    }
    response = client.post(reverse("backoffice:agency-edit", args=[agency.pk]), data)
    assert "The closing time must be after the opening time." in response.content.decode()
    assert agency.opening_hours.count() == 6


def test_changing_the_iban_asks_for_the_administrators_password(client, sign_in, administrator, landlord):
    sign_in(administrator)
    response = client.post(reverse("backoffice:landlord-settings"),
                           landlord_form(landlord, iban="BE68539007547034", password="not my password"))
    assert "Type your password to change the IBAN." in response.content.decode()
    assert Landlord.objects.get().iban == "BE71096123456769"
    response = client.post(reverse("backoffice:landlord-settings"), landlord_form(landlord, phone="+32 2 555 01 09"))
    assert response.status_code == 302
