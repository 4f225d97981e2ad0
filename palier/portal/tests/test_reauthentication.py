"""Before changing an email address, a phone number or a password, the tenant types her password
again: a session left open on a shared computer cannot be used to take her account over."""

import pytest
from django.urls import reverse

from palier.accounts.models import LoginFailure
from palier.audit.models import AuditEvent
from palier.testing import PASSWORD


@pytest.fixture
def amina(client, tenant):
    client.force_login(tenant)
    return client


def confirm(client, secret=PASSWORD, next_page="/profile/email/"):
    return client.post(reverse("portal:confirm-identity"), {"secret": secret, "next": next_page})


def test_changing_the_email_first_asks_for_the_password(amina):
    response = amina.get(reverse("portal:change-email"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:confirm-identity"))
    page = amina.get(response["Location"])
    assert "Tapez votre mot de passe" in page.content.decode()


def test_with_her_password_amina_changes_her_email_address(amina, tenant, tenant_person):
    response = confirm(amina)
    assert response["Location"] == "/profile/email/"
    response = amina.post(reverse("portal:change-email"), {"email": "Amina.New@Example.org",
                                                            "version": tenant_person.version})
    assert response["Location"] == reverse("portal:profile")
    tenant_person.refresh_from_db()
    tenant.refresh_from_db()
    assert tenant_person.email == tenant.email == "amina.new@example.org"
    event = AuditEvent.objects.get(action="tenancies.contact_details_changed")
    assert "amina" not in str(event.data)  # the audit says what changed, not the new value


def test_after_one_change_the_next_change_asks_again(amina, tenant_person):
    confirm(amina)
    amina.post(reverse("portal:change-email"), {"email": "a@example.org", "version": tenant_person.version})
    assert amina.get(reverse("portal:change-phone")).status_code == 302


def test_a_wrong_password_changes_nothing_and_is_counted(amina, tenant):
    response = confirm(amina, secret="not my password")
    assert response.status_code == 200
    assert "Ce mot de passe n’est pas correct" in response.content.decode()
    assert amina.get(reverse("portal:change-email")).status_code == 302
    assert LoginFailure.objects.filter(account_key=f"reauth:{tenant.pk}").count() == 1
    assert AuditEvent.objects.filter(action="accounts.identity_confirmation_failed").count() == 1


def test_the_sixth_wrong_password_is_refused_even_if_right(amina):
    for _ in range(5):
        confirm(amina, secret="wrong one")
    response = confirm(amina)
    assert "Trop d’essais" in response.content.decode()
    assert amina.get(reverse("portal:change-email")).status_code == 302


def test_a_phone_number_is_saved_in_international_form(amina, tenant, tenant_person):
    confirm(amina, next_page="/profile/phone/")
    amina.post(reverse("portal:change-phone"), {"phone": "0470 99 88 77", "version": tenant_person.version})
    tenant.refresh_from_db()
    assert tenant.phone == "+32470998877"


def test_a_phone_number_used_by_another_account_is_refused(amina, tenant_person, neighbour):
    confirm(amina, next_page="/profile/phone/")
    response = amina.post(reverse("portal:change-phone"), {"phone": "+32471987654",
                                                            "version": tenant_person.version})
    assert "Un autre compte utilise déjà ce numéro" in response.content.decode()


def test_a_new_password_must_follow_the_rules_and_keeps_her_signed_in(amina, tenant):
    confirm(amina, next_page="/profile/password/")
    refused = amina.post(reverse("portal:change-password"), {"password": "Soleil2024!"})
    assert "parmi les premiers" in refused.content.decode()
    done = amina.post(reverse("portal:change-password"), {"password": "three green teapots"})
    assert done["Location"] == reverse("portal:profile")
    tenant.refresh_from_db()
    assert tenant.check_password("three green teapots")
    assert amina.get(reverse("portal:profile")).status_code == 200


def test_the_next_address_stays_within_the_profile(amina):
    response = confirm(amina, next_page="https://evil.example.org/")
    assert response["Location"] == reverse("portal:profile")


def test_a_helper_cannot_change_the_email_of_anyone(client, helper):
    client.force_login(helper)
    assert client.get(reverse("portal:change-email")).status_code == 404


def test_the_old_email_address_is_told_of_the_change(amina, tenant_person):
    from palier.notifications.models import Message

    confirm(amina)
    amina.post(reverse("portal:change-email"), {"email": "new@example.org", "version": tenant_person.version})
    warning = Message.objects.get(channel="email", to="amina.benali@example.org")
    assert "Si ce n’était pas vous" in warning.body


def test_a_new_password_is_announced_to_her_email(amina, tenant):
    from palier.notifications.models import Message

    confirm(amina, next_page="/profile/password/")
    amina.post(reverse("portal:change-password"), {"password": "three green teapots"})
    assert "Votre mot de passe Palier a été changé" in Message.objects.get(channel="email", to=tenant.email).body
