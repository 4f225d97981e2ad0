from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.estates.models import Kiosk


def test_an_administrator_registers_a_kiosk_and_sees_its_enrolment_link_once(client, sign_in, administrator, estate,
                                                                               common_room):
    sign_in(administrator)
    response = client.post(reverse("backoffice:kiosk-create"), {
        "name": "Borne hall", "estate": estate.pk, "common_area": common_room.pk,
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/kiosk/enrol/" in page
    kiosk = Kiosk.objects.get(name="Borne hall")
    assert kiosk.enrolment_hash and kiosk.enrolled_at is None
    listing = client.get(reverse("backoffice:kiosk-list")).content.decode()
    assert "Borne hall" in listing and "Waiting for its device" in listing
    assert "/kiosk/enrol/" not in listing


def test_revoking_a_kiosk_stops_it(client, sign_in, administrator, kiosk_device):
    sign_in(administrator)
    response = client.post(reverse("backoffice:kiosk-revoke", args=[kiosk_device.pk]), follow=True)
    assert "stops working now" in response.content.decode()
    kiosk_device.refresh_from_db()
    assert kiosk_device.revoked_at is not None
    assert AuditEvent.objects.filter(action="estates.kiosk_revoked", actor=administrator).exists()


def test_a_manager_of_another_agency_cannot_revoke_the_kiosk(client, sign_in, other_agency, kiosk_device):
    from palier import testing as t
    from palier.accounts.models import Role

    other_manager = t.staff(Role.MANAGER, "lotte", "Lotte", "Jacobs", agencies=[other_agency])
    sign_in(other_manager)
    assert client.post(reverse("backoffice:kiosk-revoke", args=[kiosk_device.pk])).status_code == 404
    kiosk_device.refresh_from_db()
    assert kiosk_device.revoked_at is None


def test_a_manager_registers_a_kiosk_only_in_his_agencys_estates(client, sign_in, manager, other_agency):
    from palier import testing as t

    elsewhere = t.estate(other_agency, name="Cité Josaphat")
    sign_in(manager)
    response = client.post(reverse("backoffice:kiosk-create"), {"name": "Borne", "estate": elsewhere.pk})
    assert "There is a problem" in response.content.decode()
    assert not Kiosk.objects.exists()
