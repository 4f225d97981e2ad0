import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "blue kettle on the stove"


@pytest.fixture
def client(client):
    """Pages in English: the text the tests look for is the text before translation. Once a
    tenant is signed in, the pages follow the language of her account (French)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def text(response) -> str:
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def lock_out(client, identifier):
    for _ in range(5):
        client.post(reverse("portal:login"), {"identifier": identifier, "password": "wrong"})


def choose(client, kind, django_capture_on_commit_callbacks):
    page = text(client.get(reverse("portal:unlock-send")))
    key = re.search(rf'value="({kind}-\d+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("portal:unlock-send"), {"destination": key}, follow=True)


def test_a_locked_out_tenant_unlocks_her_account_with_a_code_by_email(
    client, tenant, tenancy, django_capture_on_commit_callbacks
):
    lock_out(client, tenancy.number)
    client.post(reverse("portal:unlock"), {"identifier": tenancy.number})
    page = text(client.get(reverse("portal:unlock-send")))
    assert "By SMS to +32 4•• •• •• 56" in page
    assert "By email to a•••••@example.org" in page
    response = choose(client, "email", django_capture_on_commit_callbacks)
    assert "We sent a code to a•••••@example.org" in text(response)
    assert mail.outbox[0].to == ["amina.benali@example.org"]
    code = re.search(r"\b\d{6}\b", mail.outbox[0].body).group(0)
    response = client.post(reverse("portal:unlock-code"), {"code": code})
    assert response.url == reverse("portal:unlock-password")
    response = client.post(reverse("portal:unlock-password"), {"password": NEW_PASSWORD}, follow=True)
    assert "Votre compte est débloqué" in text(response)
    assert AuditEvent.objects.filter(action="accounts.unlocked", actor=None, target_id=str(tenant.pk)).exists()
    client.post(reverse("portal:logout"))
    response = client.post(reverse("portal:login"), {"identifier": tenancy.number, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_an_unlock_code_can_come_by_sms(client, tenant, sms_outbox, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": "0470 12 34 56"})
    choose(client, "sms", django_capture_on_commit_callbacks)
    assert [s.to for s in sms_outbox] == ["+32470123456"]
    assert re.search(r"\b\d{6}\b", sms_outbox[0].body)


def test_a_wrong_unlock_code_changes_nothing(client, tenant, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": tenant.email})
    choose(client, "email", django_capture_on_commit_callbacks)
    response = client.post(reverse("portal:unlock-code"), {"code": "000000"})
    assert "This code is not right. Check it and type it again." in text(response)
    assert client.get(reverse("portal:unlock-password")).url == reverse("portal:unlock")
    tenant.refresh_from_db()
    assert tenant.check_password(t.PASSWORD)


def test_an_unlock_code_works_for_15_minutes(client, tenant, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": tenant.email})
    choose(client, "email", django_capture_on_commit_callbacks)
    code = re.search(r"\b\d{6}\b", mail.outbox[0].body).group(0)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(reverse("portal:unlock-code"), {"code": code})
    assert "This code is too old" in text(response)


def test_a_too_short_new_password_keeps_the_old_one_and_the_code(client, tenant, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": tenant.email})
    choose(client, "email", django_capture_on_commit_callbacks)
    code = re.search(r"\b\d{6}\b", mail.outbox[0].body).group(0)
    client.post(reverse("portal:unlock-code"), {"code": code})
    response = client.post(reverse("portal:unlock-password"), {"password": "short"})
    assert "This password is too short" in text(response)
    tenant.refresh_from_db()
    assert tenant.check_password(t.PASSWORD)
    assert tenant.codes.get().used_at is None


def test_a_tenant_without_phone_or_email_is_told_that_staff_can_unlock(client, cotenant):
    client.post(reverse("portal:unlock"), {"identifier": cotenant.username})
    page = text(client.get(reverse("portal:unlock-send")))
    assert "We have no phone number and no email address for you." in page
    assert "Our staff can unlock your account." in page
    assert "+32 2 555 01 10" in page


def test_an_unknown_identifier_is_told_plainly(client, tenant):
    response = client.post(reverse("portal:unlock"), {"identifier": "nobody@example.org"})
    assert "We do not find an account with this." in text(response)


def test_asking_for_many_codes_is_refused_after_five(client, tenant, sms_outbox, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": tenant.email})
    for _ in range(5):
        choose(client, "sms", django_capture_on_commit_callbacks)
    response = choose(client, "sms", django_capture_on_commit_callbacks)
    assert "We already sent several codes. Wait 30 minutes, or call us." in text(response)
    assert len(sms_outbox) == 5


def test_a_tenant_changes_her_kiosk_pin_after_typing_her_password(client, tenant):
    client.force_login(tenant)
    response = client.post(reverse("portal:account-pin"), {"current_password": "wrong", "pin": "739146"})
    assert "Ce n'est pas votre mot de passe actuel." in text(response)
    response = client.post(reverse("portal:account-pin"), {"current_password": t.PASSWORD, "pin": "739146"})
    assert response.url == reverse("portal:home")
    tenant.refresh_from_db()
    from django.contrib.auth.hashers import check_password

    assert check_password("739146", tenant.pin)


def test_staff_cannot_use_the_tenant_pin_page(client, agent):
    client.force_login(agent)
    assert client.get(reverse("portal:account-pin")).status_code == 404


def test_a_staff_member_who_unlocks_signs_in_again_in_the_back_office(client, agent, django_capture_on_commit_callbacks):
    client.post(reverse("portal:unlock"), {"identifier": agent.email})
    choose(client, "email", django_capture_on_commit_callbacks)
    code = re.search(r"\b\d{6}\b", mail.outbox[0].body).group(0)
    client.post(reverse("portal:unlock-code"), {"code": code})
    response = client.post(reverse("portal:unlock-password"), {"password": NEW_PASSWORD})
    assert response.url == reverse("backoffice:login")
    assert "_auth_user_id" not in client.session
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
