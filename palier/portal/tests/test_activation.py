import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.accounts.models import OneTimeCode
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.tenancies.models import HouseholdRole
from palier.tenancies.services import issue_activation

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "blue kettle on the stove"


@pytest.fixture
def newcomer(tenancy, landlord):
    """Leila Benali, co-tenant of Amina's tenancy 2601234, who never used Palier."""
    return t.person(tenancy.household, "Leila", "Benali", role=HouseholdRole.COTENANT, phone="+32475112256",
                    email="leila.benali@example.org", with_account=False)


@pytest.fixture
def letter_code(newcomer):
    return issue_activation(acting=Acting.system(), person=newcomer, method="letter").code


@pytest.fixture
def client(client):
    """Pages in English: the text the tests look for is the text before translation. Once the
    newcomer is signed in, the pages follow the language of her account (French)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def sms_code(outbox) -> str:
    return re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", outbox[-1].body).group(0)


def text(response) -> str:
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def start(client, number="2601234", code=None):
    client.post(reverse("portal:activate"), {"number": number})
    if code is not None:
        return client.post(reverse("portal:activate-code"), {"code": code})
    return None


def assert_nothing_written(person):
    person.refresh_from_db()
    assert not person.user.has_usable_password()
    assert person.user.activated_at is None
    assert not OneTimeCode.objects.filter(user=person.user, used_at__isnull=False).exists()


def test_a_tenant_activates_her_account_with_the_code_of_her_letter(client, newcomer, letter_code):
    response = client.post(reverse("portal:activate"), {"number": "26 01 234"})
    assert response.url == reverse("portal:activate-code")
    response = client.post(reverse("portal:activate-code"), {"code": letter_code.lower().replace("-", " ")})
    assert response.url == reverse("portal:activate-password")
    response = client.post(reverse("portal:activate-password"), {"password": NEW_PASSWORD}, follow=True)
    assert "Votre compte est prêt" in text(response)  # now signed in: her language
    newcomer.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.activated", actor=newcomer.user).exists()


def test_the_qr_code_of_the_letter_lands_on_the_password_step(client, newcomer, letter_code):
    response = client.get(reverse("portal:activate"), {"number": "2601234", "code": letter_code})
    assert response.url == reverse("portal:activate-password")
    assert "Choose a password" in text(client.get(response.url))


def test_a_wrong_code_in_the_qr_link_is_shown_on_the_code_step(client, newcomer, letter_code):
    response = client.get(reverse("portal:activate"), {"number": "2601234", "code": "AAAA-BBBB"})
    assert "This code is not right" in text(response)
    assert 'action="/activate/code/"' in text(response)


def test_an_unknown_tenancy_number_is_told_plainly(client, newcomer):
    response = client.post(reverse("portal:activate"), {"number": "9999999"})
    assert "We do not know this tenancy number. Check it on your letter or your rent notice." in text(response)
    assert "palier_activation" not in client.session


def test_a_wrong_code_is_refused_and_nothing_is_written(client, newcomer, letter_code):
    response = start(client, code="ZZZZ-ZZZZ")
    assert "This code is not right. Check it and type it again." in text(response)
    assert client.get(reverse("portal:activate-password")).url == reverse("portal:activate")
    assert_nothing_written(newcomer)


def test_an_expired_letter_code_is_refused(client, newcomer, letter_code, settings):
    later = timezone.now() + timedelta(days=settings.PALIER_ACTIVATION_CODE_DAYS, hours=1)
    with time_machine.travel(later):
        response = start(client, code=letter_code)
    assert "This code is too old. Ask for a new one." in text(response)
    assert_nothing_written(newcomer)


def test_a_code_that_expires_during_the_last_step_is_refused(client, newcomer, sms_outbox,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_activation(acting=Acting.system(), person=newcomer, method="sms")
    start(client, code=sms_code(sms_outbox))
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(reverse("portal:activate-password"), {"password": NEW_PASSWORD})
    assert "This code is too old" in text(response)
    assert_nothing_written(newcomer)


def test_a_used_code_cannot_activate_twice(client, newcomer, letter_code):
    start(client, code=letter_code)
    client.post(reverse("portal:activate-password"), {"password": NEW_PASSWORD})
    client.post(reverse("portal:logout"))
    response = start(client, code=letter_code)
    assert "This code has already been used" in text(response)


def test_a_too_short_password_is_refused_and_nothing_is_written(client, newcomer, letter_code):
    start(client, code=letter_code)
    response = client.post(reverse("portal:activate-password"), {"password": "kettle"})
    assert "This password is too short" in text(response)
    assert "At least 8 characters" in text(response)
    assert_nothing_written(newcomer)
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_activation_and_kill_the_code(client, newcomer, letter_code):
    for _ in range(4):
        start(client, code="ZZZZ-ZZZ2")
    response = client.post(reverse("portal:activate-code"), {"code": "ZZZZ-ZZZ3"})
    assert "Too many wrong codes. Wait 30 minutes and try again, or call us." in text(response)
    response = client.post(reverse("portal:activate-code"), {"code": letter_code})
    assert "Too many wrong codes" in text(response)
    # From another address the lock does not apply, but the code itself is spent.
    other_room = client.__class__(REMOTE_ADDR="10.1.2.3", HTTP_ACCEPT_LANGUAGE="en")
    response = start(other_room, code=letter_code)
    assert "This code was typed wrongly too many times. Ask for a new one." in text(response)
    assert_nothing_written(newcomer)


def test_the_lock_is_per_address(client, newcomer, letter_code):
    for _ in range(3):
        start(client, code="ZZZZ-ZZZ2")
    other_room = client.__class__(REMOTE_ADDR="10.1.2.3", HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(2):
        start(other_room, code="ZZZZ-ZZZ2")
    assert start(client, code="ZZZZ-ZZZ2").status_code == 200
    assert "Too many wrong codes" not in text(start(other_room, code="ZZZZ-ZZZ2"))


def test_a_tenant_may_choose_only_a_pin_for_the_kiosk(client, newcomer, letter_code):
    start(client, code=letter_code)
    response = client.post(reverse("portal:activate-pin"), {"pin": "123456"})
    assert "too easy to guess" in text(response)
    assert_nothing_written(newcomer)
    response = client.post(reverse("portal:activate-pin"), {"pin": t.PIN}, follow=True)
    assert "Votre compte est prêt" in text(response)  # now signed in: her language
    newcomer.refresh_from_db()
    assert newcomer.user.pin and not newcomer.user.has_usable_password()


def test_without_a_letter_a_tenant_gets_a_code_by_sms(client, newcomer, sms_outbox,
                                                      django_capture_on_commit_callbacks):
    start(client)
    response = client.get(reverse("portal:activate-send"))
    page = text(response)
    assert "+32 4•• •• •• 56" in page
    assert "l•••••@example.org" in page
    assert "Leila" not in page
    choice = re.search(r'value="(sms-\d+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:activate-send"), {"destination": choice}, follow=True)
    assert "We sent a code to +32 4•• •• •• 56" in text(response)
    assert [s.to for s in sms_outbox] == ["+32475112256"]
    response = client.post(reverse("portal:activate-code"), {"code": sms_code(sms_outbox)})
    assert response.url == reverse("portal:activate-password")
    client.post(reverse("portal:activate-password"), {"password": NEW_PASSWORD})
    newcomer.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)


def test_an_sms_code_works_for_15_minutes_only(client, newcomer, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_activation(acting=Acting.system(), person=newcomer, method="sms")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = start(client, code=sms_code(sms_outbox))
    assert "This code is too old" in text(response)


def test_a_household_without_phone_or_email_is_told_to_call_the_agency(client, neighbour_tenancy):
    t.person(neighbour_tenancy.household, "Els", "Peeters", with_account=False)
    start(client, number=neighbour_tenancy.number)
    page = text(client.get(reverse("portal:activate-send")))
    assert "We have no phone number and no email address for you." in page
    assert "+32 2 555 01 10" in page


def test_the_sign_in_page_leads_to_activation_and_unlocking(client, landlord):
    page = text(client.get(reverse("portal:login")))
    assert 'href="/activate/"' in page and "First time? Activate your account" in page
    assert 'href="/unlock/"' in page and "Locked out or forgot your password? Get a code" in page


def test_the_activation_pages_follow_the_language_chosen(client, newcomer, letter_code):
    client.cookies["django_language"] = "nl"
    assert '<html lang="nl"' in text(client.get(reverse("portal:activate")))
