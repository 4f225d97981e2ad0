"""Staff at the counter: a signed paper form with its scan, a mandate stopped, and acting for a
tenant on the phone through the same mechanism as helpers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from palier.audit.models import AuditEvent
from palier.mandates.models import Mandate, MandateUse

pytestmark = pytest.mark.django_db


def _scan():
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def paper_mandate(client, agent, tenancy, tenant_person, helper):
    client.force_login(agent)
    response = client.post(reverse("backoffice:mandate-create", kwargs={"pk": tenancy.pk}), {
        "person": tenant_person.pk, "helper": "sophie@entraide.example", "scopes": ["rent", "documents"],
        "duration": "year", "consent": "paper", "scan": _scan()})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Mandate.objects.get()


def test_a_signed_paper_form_is_registered_at_the_counter(paper_mandate, client, tenancy):
    assert paper_mandate.consent == "paper"
    assert paper_mandate.created_by.username == "nadia"
    page = client.get(reverse("backoffice:tenant-mandates", kwargs={"pk": tenancy.pk})).content.decode()
    assert "Sophie Laurent" in page
    assert reverse("backoffice:mandate-scan", kwargs={"pk": paper_mandate.pk}) in page


def test_a_paper_form_without_its_scan_is_refused(client, agent, tenancy, tenant_person, helper):
    client.force_login(agent)
    response = client.post(reverse("backoffice:mandate-create", kwargs={"pk": tenancy.pk}), {
        "person": tenant_person.pk, "helper": "sophie@entraide.example", "scopes": ["rent"],
        "duration": "year", "consent": "paper"})
    assert response.status_code == 200
    assert "Ajoutez le scan du formulaire signé." in response.content.decode()
    assert not Mandate.objects.exists()


def test_the_scan_opens_for_the_agency_in_a_sandbox_and_is_audited(paper_mandate, client):
    response = client.get(reverse("backoffice:mandate-scan", kwargs={"pk": paper_mandate.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="mandates.scan_viewed").count() == 1


def test_the_scan_is_not_found_for_another_agency(paper_mandate, other_agent):
    from django.test import Client

    other = Client()
    other.force_login(other_agent)
    assert other.get(reverse("backoffice:mandate-scan", kwargs={"pk": paper_mandate.pk})).status_code == 404


def test_staff_stop_a_mandate_at_the_tenants_request(paper_mandate, client):
    client.post(reverse("backoffice:mandate-stop", kwargs={"pk": paper_mandate.pk}))
    paper_mandate.refresh_from_db()
    assert paper_mandate.state == "revoked"


def test_staff_acting_on_the_phone_is_written_as_done_for_the_tenant(client, agent, tenancy, tenant_person, tenant):
    client.force_login(agent)
    response = client.post(reverse("backoffice:act-for-tenant", kwargs={"pk": tenancy.pk}),
                           {"person": tenant_person.pk, "channel": "phone"})
    assert response.url == reverse("portal:home")
    home = client.get(reverse("portal:home")).content.decode()
    assert "Vous agissez pour Amina Benali." in home and "Au téléphone." in home
    client.post(reverse("portal:callback"), {"phone": "0470 12 34 56", "when": "any", "note": ""})
    event = AuditEvent.objects.get(action="contact.callback_requested")
    assert (event.actor_id, event.for_person_id, event.channel) == (agent.pk, tenant_person.pk, "phone")
    use = MandateUse.objects.get(page="portal:callback")
    assert use.mandate_id is None and use.channel == "phone"
    stop = client.post(reverse("portal:act-stop"))
    assert stop.url == reverse("backoffice:tenant-detail", kwargs={"pk": tenancy.pk})
    client.force_login(tenant)
    journal = client.get(reverse("portal:mandate-journal")).content.decode()
    assert "Nadia Haddad, pour votre agence" in journal and "au téléphone" in journal


def test_staff_of_another_agency_cannot_act_for_the_tenant(client, other_agent, tenancy, tenant_person):
    client.force_login(other_agent)
    response = client.post(reverse("backoffice:act-for-tenant", kwargs={"pk": tenancy.pk}),
                           {"person": tenant_person.pk, "channel": "phone"})
    assert response.status_code == 404


def test_a_tenant_gives_a_mandate_at_the_kiosk(kiosk_client, tenant, helper):
    kiosk_client.force_login(tenant)
    session = kiosk_client.session
    session["palier_kiosk"] = True
    session.save()
    kiosk_client.post(reverse("kiosk:mandate-helper"), {"identifier": "+32 470 00 00 00"})
    assert not Mandate.objects.exists()
    helper.phone = "+32470000000"
    helper.save()
    kiosk_client.post(reverse("kiosk:mandate-helper"), {"identifier": "0470 00 00 00"})
    kiosk_client.post(reverse("kiosk:mandate-scopes"), {"scopes": ["workshops"]})
    kiosk_client.post(reverse("kiosk:mandate-duration"), {"duration": "day"})
    response = kiosk_client.post(reverse("kiosk:mandate-check"))
    mandate = Mandate.objects.get()
    assert response.url == reverse("kiosk:mandate-detail", kwargs={"pk": mandate.pk})
    assert mandate.consent == "kiosk"
