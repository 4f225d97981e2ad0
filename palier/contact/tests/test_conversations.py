"""A tenant writes to the agency; the officer answers; the tenant is told."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from palier.contact import conversations
from palier.contact.canned import ensure_canned_replies
from palier.contact.models import Conversation, ConversationState
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db

FRIDAY_NOON = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def photo_with_metadata(name="fuite.jpg"):
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x9286] = "Rue des Tilleuls 12"  # a comment that could place the photo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def start(person, user, **kw):
    kw.setdefault("body", "La fenêtre de la cuisine ne ferme plus.")
    kw.setdefault("topic", "repair")
    return conversations.start_conversation(acting=Acting(user=user), person=person, **kw)


def test_a_message_goes_to_the_housing_officer_with_an_answer_due_in_two_working_days(
    tenant, tenant_person, agent, django_capture_on_commit_callbacks
):
    with time_machine.travel(FRIDAY_NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        conversation = start(tenant_person, tenant)
    assert conversation.officer == agent
    assert conversation.answer_due == dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC), "Friday + 2 working days"
    assert [m.to for m in mail.outbox] == [["nadia@foyer-demo.example"]]
    assert "Amina Benali" in mail.outbox[0].subject


@pytest.mark.parametrize(("body", "error"), [
    ("   ", "Écrivez votre message."),
    ("x" * 5001, "Votre message est trop long : 5001 caractères."),
])
def test_an_empty_or_oversized_message_is_refused_and_nothing_is_written(tenant, tenant_person, body, error):
    with pytest.raises(DomainError) as refused:
        start(tenant_person, tenant, body=body)
    assert str(refused.value.message).startswith(error)
    assert not Conversation.objects.exists()


def test_a_photo_is_re_encoded_without_its_camera_metadata(tenant, tenant_person):
    conversation = start(tenant_person, tenant, files=[photo_with_metadata()])
    attachment = conversation.messages.get().attachments.get()
    assert attachment.content_type == "image/jpeg"
    assert not attachment.file.name.endswith("fuite.jpg")
    with Image.open(attachment.file.path) as stored:
        assert not stored.getexif()


def test_a_file_that_is_not_a_photo_or_a_pdf_is_refused_whatever_its_name(tenant, tenant_person):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        start(tenant_person, tenant, files=[fake])
    assert "n'est pas une photo ou un PDF" in str(refused.value.message)
    assert not Conversation.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(tenant, tenant_person):
    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        start(tenant_person, tenant, files=[big])
    assert "trop volumineux" in str(refused.value.message)


def test_a_reply_tells_the_tenant_on_her_channels_and_a_note_tells_nobody(
    tenant, tenant_person, agent, django_capture_on_commit_callbacks
):
    conversation = start(tenant_person, tenant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conversations.reply(acting=Acting(user=agent), conversation=conversation, body="Nous avons noté.",
                            internal=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        conversations.reply(acting=Acting(user=agent), conversation=conversation, body="Le technicien passe lundi.")
    assert [m.to for m in mail.outbox] == [["amina.benali@example.org"]]
    assert "Nadia Haddad" in mail.outbox[0].body
    channels = sorted(Message.objects.filter(person=tenant_person).values_list("channel", flat=True))
    assert channels == ["email", "letter", "portal"]
    letter = Message.objects.get(person=tenant_person, channel="letter")
    assert "Le technicien passe lundi." in letter.body, "the letter carries the answer itself"
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.ANSWERED and conversation.answer_due is None


def test_the_tenant_never_sees_an_internal_note(client, tenant, tenant_person, agent):
    conversation = start(tenant_person, tenant)
    conversations.reply(acting=Acting(user=agent), conversation=conversation, body="Locataire difficile.",
                        internal=True)
    client.force_login(tenant)
    page = client.get(reverse("portal:conversation", args=[conversation.pk])).content.decode()
    assert "La fenêtre de la cuisine" in page
    assert "Locataire difficile" not in page


def test_an_unanswered_conversation_raises_one_alert_to_its_officer(
    tenant, tenant_person, agent, django_capture_on_commit_callbacks
):
    with time_machine.travel(FRIDAY_NOON, tick=False):
        start(tenant_person, tenant)
    mail.outbox.clear()
    with time_machine.travel(FRIDAY_NOON + dt.timedelta(days=3), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert conversations.alert_unanswered(acting=Acting.system()) == 0
    with time_machine.travel(FRIDAY_NOON + dt.timedelta(days=4, hours=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert conversations.alert_unanswered(acting=Acting.system()) == 1
        assert conversations.alert_unanswered(acting=Acting.system()) == 0
    assert [m.to for m in mail.outbox] == [["nadia@foyer-demo.example"]]
    assert "Amina Benali" in mail.outbox[0].body


def test_a_tenant_writes_from_the_portal_with_a_photo(client, tenant, tenant_person):
    client.force_login(tenant)
    response = client.post(reverse("portal:conversation-new"), {
        "topic": "repair", "body": "Il y a une fuite sous l'évier.", "files": [photo_with_metadata()]})
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Votre message est envoyé." in page and "Photo 1" in page
    attachment = conversation.messages.get().attachments.get()
    served = client.get(reverse("portal:conversation-file", args=[attachment.pk]))
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "image/jpeg"


def test_an_empty_message_from_the_portal_is_refused_in_words(client, tenant, tenant_person):
    client.force_login(tenant)
    page = client.post(reverse("portal:conversation-new"), {"topic": "rent", "body": ""}).content.decode()
    assert "Écrivez votre message." in page
    assert not Conversation.objects.exists()


def test_staff_start_from_a_canned_reply_in_the_tenants_language(client, cotenant, cotenant_person, agent):
    ensure_canned_replies()
    conversation = start(cotenant_person, cotenant, body="Mijn raam sluit niet.")
    from palier.contact.models import CannedReply

    canned = CannedReply.objects.get(title_fr="Technicien prévenu")
    client.force_login(agent)
    page = client.get(reverse("backoffice:conversation", args=[conversation.pk]), {"canned": canned.pk})
    assert "Wij hebben de technicus verwittigd." in page.content.decode()


def test_staff_answer_from_the_back_office(client, tenant, tenant_person, agent):
    conversation = start(tenant_person, tenant)
    client.force_login(agent)
    response = client.post(reverse("backoffice:conversation", args=[conversation.pk]), {"body": "C'est noté."})
    assert response.status_code == 302
    queue = client.get(reverse("backoffice:conversation-list"), {"state": "answered"}).content.decode()
    assert conversation.subject in queue
