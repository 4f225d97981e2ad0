"""Nobody can make Palier send 1,000 SMS: not by repeating a request from one address, not by
changing address for each request, not by asking for many accounts from one address, and a
phone number gets a few texts a day from Palier's account messages at most."""

import pytest

from palier.accounts import services as accounts
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.tenancies import services as tenancies

pytestmark = pytest.mark.django_db


def sms_to(number):
    return Message.objects.filter(channel="sms", to=number).count()


def ask(key, ip, user=None):
    accounts.throttle_code_requests(acting=Acting(user=user, ip=ip), key=key)


def test_the_same_account_from_one_address_is_refused_after_5_requests():
    for _ in range(5):
        ask("unlock:1", "198.51.100.1")
    with pytest.raises(accounts.LoginLocked):
        ask("unlock:1", "198.51.100.1")


def test_changing_address_does_not_get_past_the_daily_cap_of_one_account():
    for n in range(10):
        ask("unlock:1", f"198.51.100.{n}")
    with pytest.raises(accounts.LoginLocked):
        ask("unlock:1", "203.0.113.99")
    assert AuditEvent.objects.get(action="accounts.code_request_refused").data == {"reason": "account"}
    ask("unlock:2", "203.0.113.99")  # another account is not blocked by it


def test_one_address_cannot_ask_codes_for_many_accounts(settings):
    for n in range(30):
        ask(f"activate:{n}", "198.51.100.7")
    with pytest.raises(accounts.LoginLocked):
        ask("activate:999", "198.51.100.7")
    assert AuditEvent.objects.get(action="accounts.code_request_refused").data == {"reason": "many_accounts"}
    ask("activate:999", "198.51.100.8")


def test_staff_at_a_shared_counter_address_are_not_capped_per_address(agent):
    for n in range(35):
        ask(f"mandate:{n}", "192.0.2.1", user=agent)


def test_the_caps_are_settings(settings):
    settings.PALIER_CODES_PER_ACCOUNT_PER_DAY = 2
    ask("unlock:1", "198.51.100.1")
    ask("unlock:1", "198.51.100.2")
    with pytest.raises(accounts.LoginLocked):
        ask("unlock:1", "198.51.100.3")


def test_a_phone_number_gets_at_most_10_sms_a_day_from_account_messages(tenant_person):
    """Activation codes sent again and again (as staff may, with no throttle): the 11th is not sent."""
    for _ in range(12):
        tenancies.issue_activation(acting=Acting.system(), person=tenant_person, method="sms")
    assert sms_to(tenant_person.phone) == 10
    assert AuditEvent.objects.filter(action="accounts.sms_capped").count() == 2
    capped = AuditEvent.objects.filter(action="accounts.sms_capped").first()
    assert tenant_person.phone not in str(capped.data)  # the number is masked in the trail


def test_the_cap_counts_per_number_without_storing_the_number(tenant, tenant_person):
    from palier.accounts.models import LoginFailure

    tenancies.issue_activation(acting=Acting.system(), person=tenant_person, method="sms")
    assert not LoginFailure.objects.filter(account_key__contains=tenant_person.phone[-6:]).exists()
    assert LoginFailure.objects.filter(account_key__startswith="sms-to:").count() == 1


def test_unlock_codes_by_sms_stop_at_the_accounts_daily_cap(tenant):
    destination = next(d for d in accounts.code_destinations([tenant]) if d.method == "sms")
    sent = 0
    for n in range(20):
        try:
            ask(f"unlock:{tenant.pk}", f"198.51.100.{n}")
        except accounts.LoginLocked:
            continue
        accounts.send_unlock_code(acting=Acting(ip=f"198.51.100.{n}"), destination=destination)
        sent += 1
    assert sent == 10
    assert sms_to(destination.to) == 10


def test_mandate_codes_by_sms_stop_at_the_tenants_daily_cap(helper, tenant, tenant_person, tenancy):
    from palier.core.errors import DomainError
    from palier.mandates import services as mandates

    sent = 0
    for n in range(15):
        try:
            mandate = mandates.request_mandate_by_sms(acting=Acting(user=helper, ip=f"198.51.100.{n}"),
                                                      tenant=tenant_person, helper=helper,
                                                      scopes=["rent"], duration="day")
        except DomainError:
            continue
        sent += 1
        mandates.answer_mandate_request(acting=Acting(user=tenant), mandate=mandate, accept=False)
    assert sent == 10
