"""What a tenant does on the portal, she does at the kiosk too: her contact choices, her building's
works and outages, her workshop certificate (printed or sent, never downloaded), a new PIN. And a
file from a conversation opens on the kiosk's screen without landing in its Downloads."""

import datetime as dt
import html

import pytest
from django.contrib.auth.hashers import check_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.contact.services import publish_announcement
from palier.core.acting import Acting
from palier.inclusion import testing as it
from palier.inclusion.models import Enrolment, WorkshopSession
from palier.notifications.models import Message


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def amina_at_kiosk(kiosk_client, tenant, tenancy):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    return kiosk_client


@pytest.fixture
def attended(agency, inclusion_officer, tenant_person):
    workshop = it.workshop(agency, inclusion_officer)
    start = timezone.now() - dt.timedelta(days=7)
    past = WorkshopSession.objects.create(workshop=workshop, place="Salle commune", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2), capacity=8)
    return Enrolment.objects.create(session=past, person=tenant_person, state="enrolled", attendance="present")


def test_the_kiosk_home_leads_to_the_new_pages(amina_at_kiosk):
    page = text(amina_at_kiosk.get(reverse("kiosk:tenant-home")))
    for name in ("kiosk:building", "kiosk:contact-preferences", "kiosk:change-pin"):
        assert f'href="{reverse(name)}"' in page, name


def test_a_tenant_chooses_her_channels_at_the_kiosk_and_it_is_audited(amina_at_kiosk, tenant, tenant_person):
    page = text(amina_at_kiosk.get(reverse("kiosk:contact-preferences")))
    assert "Comment voulez-vous que nous vous tenions informé" in page
    assert "palier/session-timeout.js" in page  # drawn in the kiosk's layout
    assert "Retour à mon accueil" in page

    response = amina_at_kiosk.post(reverse("kiosk:contact-preferences"),
                                   {"version": tenant_person.version, "by_sms": "on"})

    assert response["Location"] == reverse("kiosk:tenant-home")
    tenant_person.refresh_from_db()
    assert (tenant_person.by_portal, tenant_person.by_email, tenant_person.by_sms, tenant_person.by_post) == (
        False, False, True, False)
    event = AuditEvent.objects.get(action="tenancies.contact_preferences_changed")
    assert event.actor == tenant and event.channel == "kiosk"


def test_the_building_page_at_the_kiosk_shows_the_works_in_full(amina_at_kiosk, agent, building, other_agency,
                                                                other_agent):
    publish_announcement(acting=Acting(user=agent), target="building", building=building, kind="works",
                         texts={"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")})
    elsewhere = t.building(t.estate(other_agency, name="Cité du Nord"))
    publish_announcement(acting=Acting(user=other_agent), target="building", building=elsewhere, kind="works",
                         texts={"fr": ("Chaudière ailleurs", "Pas chez vous.")})

    page = text(amina_at_kiosk.get(reverse("kiosk:building")))

    assert "Ascenseur en panne" in page and "Le technicien passe jeudi." in page
    assert "Chaudière ailleurs" not in page
    assert "/news/" not in page  # no link to a portal page from the kiosk


def test_the_portal_building_page_still_links_each_announcement(client, tenant, agent, building):
    item = publish_announcement(acting=Acting(user=agent), target="building", building=building, kind="works",
                                texts={"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")})
    client.force_login(tenant)
    page = text(client.get(reverse("portal:building")))
    assert reverse("portal:announcement", args=[item.pk]) in page


def test_the_certificate_is_printed_at_the_kiosk_never_downloaded(amina_at_kiosk, attended):
    workshops = text(amina_at_kiosk.get(reverse("kiosk:workshops")))
    assert "Imprimer mon attestation" in workshops and "M'envoyer mon attestation" in workshops
    portal_link = reverse("portal:workshop-certificate", args=[attended.pk])
    assert f'href="{portal_link}"' not in workshops

    response = amina_at_kiosk.get(reverse("kiosk:workshop-certificate", args=[attended.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert "no-store" in response["Cache-Control"]
    page = text(response)
    assert "Attestation de participation" in page
    assert "Amina Benali a participé à l'atelier « Envoyer un e-mail »" in page
    assert "kiosk/print.js" in page


def test_the_certificate_is_sent_to_the_tenants_own_channels_once_a_day(amina_at_kiosk, attended, tenant_person):
    url = reverse("kiosk:workshop-certificate-send", args=[attended.pk])

    response = amina_at_kiosk.post(url)
    amina_at_kiosk.post(url)

    assert response["Location"] == reverse("kiosk:workshops")
    sent = Message.objects.filter(person=tenant_person, subject="Votre attestation de participation")
    assert sent.exists()
    assert {m.channel for m in sent} == {"email"}  # Amina chose e-mail
    assert sent.count() == 1
    assert "a participé à l'atelier « Envoyer un e-mail »" in sent.get().body
    events = AuditEvent.objects.filter(action="inclusion.certificate_sent")
    assert {(e.channel, e.subject_person_id) for e in events} == {("kiosk", tenant_person.pk)}


def test_another_households_certificate_is_a_404_at_the_kiosk(amina_at_kiosk, attended, neighbour_person):
    attended.person = neighbour_person
    attended.save()
    assert amina_at_kiosk.get(reverse("kiosk:workshop-certificate", args=[attended.pk])).status_code == 404
    assert amina_at_kiosk.post(reverse("kiosk:workshop-certificate-send", args=[attended.pk])).status_code == 404
    assert not Message.objects.filter(subject="Votre attestation de participation").exists()


def test_a_tenant_changes_her_pin_at_the_kiosk_after_typing_the_current_one(amina_at_kiosk, tenant):
    response = amina_at_kiosk.post(reverse("kiosk:change-pin"), {"current_pin": t.PIN, "pin": "730618"})

    assert response["Location"] == reverse("kiosk:tenant-home")
    tenant.refresh_from_db()
    assert check_password("730618", tenant.pin)
    event = AuditEvent.objects.get(action="accounts.pin_set")
    assert event.channel == "kiosk"


def test_a_wrong_current_pin_changes_nothing_and_says_so(amina_at_kiosk, tenant):
    response = amina_at_kiosk.post(reverse("kiosk:change-pin"), {"current_pin": "000001", "pin": "730618"})

    assert "Ce code PIN n'est pas correct. Réessayez." in text(response)
    assert response.status_code == 200
    tenant.refresh_from_db()
    assert check_password(t.PIN, tenant.pin)
    assert not AuditEvent.objects.filter(action="accounts.pin_set").exists()


def test_a_pdf_from_a_conversation_opens_inline_on_the_kiosk(amina_at_kiosk, tenant, tenant_person, client):
    from palier.contact.conversations import start_conversation

    pdf = SimpleUploadedFile("bail.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    conversation = start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other",
                                      body="Voici mon bail.", files=[pdf])
    attachment = conversation.messages.first().attachments.get()

    response = amina_at_kiosk.get(reverse("kiosk:conversation-file", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"]
    client.force_login(tenant)
    on_the_web = client.get(reverse("portal:conversation-file", args=[attachment.pk]))
    assert on_the_web["Content-Disposition"].startswith("attachment")
