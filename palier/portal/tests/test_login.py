import html

from django.urls import reverse

from palier import testing as t
from palier.audit.models import AuditEvent


def test_a_tenant_signs_in_with_her_tenancy_number_and_sees_her_rent(client, tenant, tenancy):
    response = client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": t.PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("portal:home"))
    assert "535,50\xa0€" in page.content.decode()
    assert AuditEvent.objects.filter(action="accounts.logged_in", actor=tenant).exists()


def test_a_tenant_signs_in_with_her_email_or_her_phone(client, tenant):
    for identifier in ("Amina.Benali@example.org", "0470 12 34 56"):
        response = client.post(reverse("portal:login"), {"identifier": identifier, "password": t.PASSWORD})
        assert response.status_code == 302, identifier
        client.logout()


def test_five_wrong_passwords_lock_the_account_from_that_address_only(client, tenant, tenancy):
    for _ in range(5):
        client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": "wrong"})
    response = client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": t.PASSWORD})
    assert response.status_code == 200
    assert "30 minutes" in response.content.decode()
    other_room = client.__class__(REMOTE_ADDR="10.1.2.3")
    response = other_room.post(reverse("portal:login"), {"identifier": tenancy.number, "password": t.PASSWORD})
    assert response.status_code == 302


def test_each_person_of_the_household_signs_in_to_the_same_tenancy_as_themselves(client, tenant, cotenant, tenancy):
    cotenant.set_password("youssef's own secret")
    cotenant.save()
    client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": "youssef's own secret"})
    page = client.get(reverse("portal:home")).content.decode()
    assert "Youssef" in page
    client.logout()
    client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": t.PASSWORD})
    assert "Amina" in client.get(reverse("portal:home")).content.decode()


def test_an_unknown_identifier_gets_the_same_answer_as_a_wrong_password(client, tenant, tenancy):
    unknown = client.post(reverse("portal:login"), {"identifier": "9999999", "password": "whatever1"})
    wrong = client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": "whatever1"})
    assert unknown.status_code == wrong.status_code == 200
    refused = "Les informations de connexion ne sont pas correctes"
    assert refused in html.unescape(unknown.content.decode())
    assert refused in html.unescape(wrong.content.decode())
