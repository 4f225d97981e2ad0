"""A helper creates their own account: name and email, the code sent there, a password by the
project's rules; then their second factor before acting. No page tells whether an address has an
account already."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from palier.accounts.models import Role, User
from palier.audit.models import AuditEvent
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "lamp river quietly 42"


def ask(client, email="claire.benali@example.net"):
    return client.post(reverse("portal:helper-signup"),
                       {"first_name": "Claire", "last_name": "Benali", "email": email})


def sent_code(email="claire.benali@example.net") -> str:
    body = Message.objects.filter(to=email).latest("pk").body
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_amina_s_daughter_creates_her_helper_account_then_is_asked_for_a_second_factor(settings):
    settings.PALIER_REQUIRE_2FA = True
    client = Client()
    assert ask(client)["Location"] == reverse("portal:helper-signup-code")
    response = client.post(reverse("portal:helper-signup-code"), {"code": sent_code()})
    assert response["Location"] == reverse("portal:helper-signup-password")
    response = client.post(reverse("portal:helper-signup-password"), {"password": GOOD_PASSWORD})
    assert response["Location"].startswith(reverse("backoffice:two-factor-setup"))
    claire = User.objects.get(email="claire.benali@example.net")
    assert (claire.role, claire.first_name, claire.last_name) == (Role.HELPER, "Claire", "Benali")
    assert claire.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(action="mandates.helper_account_created", actor=claire).exists()
    # Before the second factor, acting for someone is not possible.
    assert client.get(reverse("portal:home"))["Location"].startswith(reverse("backoffice:two-factor-setup"))


def test_a_wrong_code_is_refused_and_five_stop_it():
    client = Client()
    ask(client)
    right = sent_code()
    for _ in range(5):
        response = client.post(reverse("portal:helper-signup-code"), {"code": "000000" if right != "000000" else "1"})
        assert response.status_code == 200
    response = client.post(reverse("portal:helper-signup-code"), {"code": right})
    assert response.status_code == 200
    assert "trop ancien" in response.content.decode()


def test_a_weak_password_is_refused_with_the_project_rules():
    client = Client()
    ask(client)
    client.post(reverse("portal:helper-signup-code"), {"code": sent_code()})
    response = client.post(reverse("portal:helper-signup-password"), {"password": "12345678"})
    assert response.status_code == 200
    assert not User.objects.filter(email="claire.benali@example.net").exists()


def test_an_address_with_an_account_gets_the_same_page_and_a_message_instead_of_a_code(helper):
    client = Client()
    response = ask(client, email="sophie@entraide.example")
    assert response["Location"] == reverse("portal:helper-signup-code")
    body = Message.objects.get(to="sophie@entraide.example").body
    assert not re.search(r"\b\d{6}\b", body)
    page = client.get(reverse("portal:helper-signup-code")).content.decode()
    assert "sophie@entraide.example" in page
    assert client.post(reverse("portal:helper-signup-code"), {"code": "123456"}).status_code == 200
    assert User.objects.filter(email="sophie@entraide.example").count() == 1


def test_the_later_steps_need_the_earlier_ones():
    client = Client()
    assert client.get(reverse("portal:helper-signup-code"))["Location"] == reverse("portal:helper-signup")
    assert client.get(reverse("portal:helper-signup-password"))["Location"] == reverse("portal:helper-signup")
    ask(client)
    assert client.get(reverse("portal:helper-signup-password"))["Location"] == reverse("portal:helper-signup")


def test_asking_for_many_codes_is_capped():
    client = Client()
    for _ in range(5):
        ask(client)
    response = ask(client)
    assert response.status_code == 200
    assert Message.objects.filter(to="claire.benali@example.net").count() == 5


def test_a_signed_in_person_goes_home(tenant):
    client = Client()
    client.force_login(tenant)
    assert client.get(reverse("portal:helper-signup"))["Location"] == reverse("portal:home")
