"""The staff page of delivery states, and the letters for the print room."""

import pytest
from django.urls import reverse

from palier.core.acting import Acting
from palier.notifications import services
from palier.notifications.models import Channel, Message, State
from palier.notifications.paper import print_daily_letters

pytestmark = pytest.mark.django_db


def test_an_agent_sees_a_failed_sms_with_its_reason_and_sends_it_again(
    client, agent, tenant_person, sms_outbox, django_capture_on_commit_callbacks
):
    message = services.queue_message(acting=Acting.system(), channel=Channel.SMS, to="+32470123456", body="Bonjour",
                                      person=tenant_person)
    Message.objects.filter(pk=message.pk).update(state=State.FAILED, attempts=8, last_error="SMSError: provider down")
    client.force_login(agent)
    page = client.get(reverse("backoffice:delivery-list")).content.decode()
    assert "SMSError: provider down" in page and "Amina Benali" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:delivery-retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.state == State.SENT


def test_an_agent_of_another_agency_does_not_see_the_message(client, other_agent, tenant_person):
    message = services.queue_message(acting=Acting.system(), channel=Channel.LETTER, to="", body="Bonjour",
                                      person=tenant_person)
    Message.objects.filter(pk=message.pk).update(state=State.FAILED, last_error="No postal address")
    client.force_login(other_agent)
    assert "No postal address" not in client.get(reverse("backoffice:delivery-list")).content.decode()


def test_staff_download_the_days_letters(client, agent, settings, tmp_path, tenant_person):
    settings.MEDIA_ROOT = tmp_path
    services.queue_message(acting=Acting.system(), channel=Channel.LETTER, to="", body="Bonjour", subject="Avis",
                           person=tenant_person)
    batch = print_daily_letters(acting=Acting.system())
    client.force_login(agent)
    assert reverse("backoffice:letter-batch", args=[batch.pk]) in client.get(reverse("backoffice:delivery-list")).content.decode()
    response = client.get(reverse("backoffice:letter-batch", args=[batch.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_tenant_reads_her_inbox_and_the_message_is_marked_read(client, tenant, tenant_person):
    message = services.queue_message(acting=Acting.system(), channel=Channel.PORTAL, to="", subject="Avis de loyer",
                                      body="Votre avis est disponible.", person=tenant_person, user=tenant)
    client.force_login(tenant)
    listing = client.get(reverse("portal:messages")).content.decode()
    assert "Nouveau :" in listing and "Avis de loyer" in listing
    page = client.get(reverse("portal:inbox-message", args=[message.pk])).content.decode()
    assert "Votre avis est disponible." in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert "Nouveau :" not in client.get(reverse("portal:messages")).content.decode()
