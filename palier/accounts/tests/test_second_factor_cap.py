"""Wrong second-factor codes are capped per account across every address, so a stolen password
cannot be used to guess codes from many machines; one address alone locks after 5."""

import pytest
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from palier.accounts import second_factor
from palier.accounts.models import LoginFailure
from palier.core.acting import Acting


@pytest.fixture
def agent_with_app(agent):
    TOTPDevice.objects.create(user=agent, name="authenticator", confirmed=True)
    return agent


def guess(user, ip):
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    with pytest.raises((second_factor.SecondFactorWrong, second_factor.SecondFactorLocked)) as exc:
        second_factor.verify(request, acting=Acting(user=user, ip=ip), user=user, code="000000")
    return exc.value


def test_twenty_wrong_codes_from_twenty_addresses_lock_the_account_everywhere(agent_with_app):
    for n in range(second_factor.ACCOUNT_CAP - 1):
        assert isinstance(guess(agent_with_app, f"10.0.0.{n}"), second_factor.SecondFactorWrong)
    assert isinstance(guess(agent_with_app, "10.0.1.1"), second_factor.SecondFactorLocked)
    assert isinstance(guess(agent_with_app, "192.168.5.5"), second_factor.SecondFactorLocked)


def test_a_few_wrong_codes_elsewhere_do_not_lock_a_fresh_address(agent_with_app):
    for n in range(4):
        guess(agent_with_app, f"10.0.0.{n}")
    assert isinstance(guess(agent_with_app, "10.9.9.9"), second_factor.SecondFactorWrong)
    assert LoginFailure.objects.filter(account_key=f"2fa:{agent_with_app.pk}").count() == 5
