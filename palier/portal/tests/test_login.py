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
