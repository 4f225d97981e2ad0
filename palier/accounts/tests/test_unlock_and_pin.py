import pytest
from django.contrib.auth.hashers import check_password

from palier import testing as t
from palier.accounts import services as accounts
from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError

pytestmark = pytest.mark.django_db


def lock(tenant, tenancy, ip="10.0.0.7"):
    for _ in range(5):
        with pytest.raises((accounts.LoginFailed, accounts.LoginLocked)):
            accounts.authenticate(acting=Acting(ip=ip), identifier=tenancy.number, secret="wrong")


def test_staff_at_the_counter_unlock_a_locked_account(agent, tenant, tenancy):
    lock(tenant, tenancy)
    accounts.staff_unlock(acting=Acting(user=agent, channel=Channel.COUNTER), user=tenant)
    assert accounts.authenticate(acting=Acting(ip="10.0.0.7"), identifier=tenancy.number, secret=t.PASSWORD) == tenant
    event = AuditEvent.objects.get(action="accounts.unlocked_by_staff")
    assert event.actor == agent and event.channel == Channel.COUNTER


def test_a_tenant_cannot_unlock_someone_else_as_staff(tenant, neighbour):
    with pytest.raises(DomainError):
        accounts.staff_unlock(acting=Acting(user=tenant), user=neighbour)
    assert not AuditEvent.objects.filter(action="accounts.unlocked_by_staff").exists()


def test_a_pin_must_have_six_digits_that_are_not_too_easy(tenant):
    for pin in ("12345", "1234567", "abcdef", "111111", "123456"):
        with pytest.raises(DomainError):
            accounts.set_pin(acting=Acting(user=tenant), user=tenant, pin=pin)
    tenant.refresh_from_db()
    assert check_password(t.PIN, tenant.pin)


def test_a_tenant_sets_a_new_pin_with_her_password(tenant):
    with pytest.raises(DomainError):
        accounts.set_pin(acting=Acting(user=tenant), user=tenant, pin="739146", current_password="wrong")
    accounts.set_pin(acting=Acting(user=tenant), user=tenant, pin="739146", current_password=t.PASSWORD)
    tenant.refresh_from_db()
    assert check_password("739146", tenant.pin)
    assert AuditEvent.objects.filter(action="accounts.pin_set", target_id=str(tenant.pk)).count() == 1


def test_phones_and_emails_are_masked_for_screens():
    assert accounts.masked_phone("0470 12 34 56") == "+32 4•• •• •• 56"
    assert accounts.masked_phone("+33612345678") == "+33 6•• •• •• 78"
    assert accounts.masked_email("amina.benali@example.org") == "a•••••@example.org"


def test_a_code_destination_is_listed_once_per_phone_and_address(tenant, cotenant):
    destinations = accounts.code_destinations([tenant, cotenant, tenant])
    assert [(d.method, d.label) for d in destinations] == [("sms", "+32 4•• •• •• 56"), ("email", "a•••••@example.org")]
