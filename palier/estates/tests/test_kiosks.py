from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.estates import kiosks


@pytest.fixture
def acting(administrator):
    return Acting(user=administrator)


def test_an_administrator_registers_a_kiosk_and_it_is_audited(acting, estate, common_room):
    kiosk = kiosks.register_kiosk(acting=acting, name="Borne hall", estate=estate, common_area=common_room)
    assert kiosk.estate == estate
    assert not kiosk.is_active
    assert AuditEvent.objects.filter(action="estates.kiosk_registered", target_id=str(kiosk.pk)).exists()


def test_a_kiosk_cannot_stand_in_a_common_room_of_another_estate(acting, estate, agency):
    from palier import testing as t
    from palier.estates.models import CommonArea

    elsewhere = CommonArea.objects.create(estate=t.estate(agency, name="Cité des Érables"), name="Salle")
    with pytest.raises(kiosks.KioskError):
        kiosks.register_kiosk(acting=acting, name="Borne", estate=estate, common_area=elsewhere)


def test_enrolment_gives_a_secret_that_the_credential_then_names(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting(), token=token)
    assert kiosk == kiosk_device
    assert secret not in kiosk.secret_hash
    assert kiosks.kiosk_from_credential(kiosks.credential_for(kiosk, secret)) == kiosk_device
    assert AuditEvent.objects.filter(action="estates.kiosk_enrolled", target_id=str(kiosk.pk)).exists()


def test_an_enrolment_token_works_only_once(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    kiosks.enrol_device(acting=Acting(), token=token)
    with pytest.raises(kiosks.KioskError):
        kiosks.enrol_device(acting=Acting(), token=token)


def test_an_enrolment_token_expires_after_24_hours(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)), pytest.raises(kiosks.KioskError):
        kiosks.enrol_device(acting=Acting(), token=token)


def test_a_forged_or_wrong_credential_names_no_kiosk(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting(), token=token)
    assert kiosks.kiosk_from_credential(f"{kiosk.pk}:{secret}") is None  # not signed
    assert kiosks.kiosk_from_credential(kiosks.credential_for(kiosk, "guessed")) is None
    assert kiosks.kiosk_from_credential("") is None


def test_a_revoked_kiosk_is_no_longer_recognised(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting(), token=token)
    kiosks.revoke_kiosk(acting=acting, kiosk=kiosk)
    assert kiosks.kiosk_from_credential(kiosks.credential_for(kiosk, secret)) is None
    assert AuditEvent.objects.filter(action="estates.kiosk_revoked", target_id=str(kiosk.pk)).exists()
    with pytest.raises(kiosks.KioskError):
        kiosks.issue_enrolment(acting=acting, kiosk=kiosk)


def test_last_seen_is_written_at_most_once_a_minute(acting, kiosk_device):
    token = kiosks.issue_enrolment(acting=acting, kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting(), token=token)
    credential = kiosks.credential_for(kiosk, secret)
    first = kiosks.kiosk_from_credential(credential).last_seen_at
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        assert kiosks.kiosk_from_credential(credential).last_seen_at == first
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert kiosks.kiosk_from_credential(credential).last_seen_at > first
