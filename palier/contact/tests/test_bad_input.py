"""Bad input and safety for conversations, call-backs and appointments: an empty or oversized
message, a time past or taken, a number that is not a phone number, someone outside the actor's
reach. Each gets a clear message, and nothing is written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.contact import appointments, conversations
from palier.contact.history import log_contact
from palier.contact.models import (
    Appointment,
    AppointmentSlot,
    AppointmentState,
    CallbackRequest,
    ContactLog,
    Conversation,
    ConversationMessage,
)
from palier.contact.services import close_callback, request_callback
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.mandates import services as mandates
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db


def _slot(agency, *, hours=48, kind="counter"):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=hours)
    return AppointmentSlot.objects.create(agency=agency, kind=kind, starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))


def _conversation(tenant, tenant_person):
    return conversations.start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other",
                                            body="Une question.")


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body, words", [("   ", "Écrivez votre message."), ("x" * 5001, "trop long")])
def test_an_empty_or_oversized_answer_from_staff_is_refused_and_the_tenant_is_not_told(
    client, agent, tenant, tenant_person, body, words
):
    conversation = _conversation(tenant, tenant_person)
    messages_before, sent_before = ConversationMessage.objects.count(), Message.objects.count()
    client.force_login(agent)
    page = client.post(reverse("backoffice:conversation", args=[conversation.pk]), {"body": body}).content.decode()
    assert words in page
    conversation.refresh_from_db()
    assert conversation.state == "waiting"
    assert (ConversationMessage.objects.count(), Message.objects.count()) == (messages_before, sent_before)


@pytest.mark.parametrize("body", ["", "x" * 5001])
def test_an_empty_or_oversized_follow_up_from_the_tenant_is_refused(tenant, tenant_person, body):
    conversation = _conversation(tenant, tenant_person)
    with pytest.raises(DomainError) as refused:
        conversations.write_again(acting=Acting(user=tenant), conversation=conversation, body=body)
    assert refused.value.field == "body"
    assert conversation.messages.count() == 1


def test_an_oversized_message_from_the_portal_is_refused_in_words(client, tenant):
    client.force_login(tenant)
    page = client.post(reverse("portal:conversation-new"), {"topic": "rent", "body": "x" * 5001}).content.decode()
    assert "Votre message est trop long" in page
    assert not Conversation.objects.exists()


def test_a_helper_without_the_messages_scope_cannot_write_for_the_tenant(client, helper, tenant, tenant_person):
    mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper, scopes=["rent"],
                           duration="month")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": tenant_person.pk})
    response = client.post(reverse("portal:conversation-new"), {"topic": "rent", "body": "Bonjour."})
    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_staff_of_another_agency_cannot_answer_or_close(client, other_agent, tenant, tenant_person):
    conversation = _conversation(tenant, tenant_person)
    client.force_login(other_agent)
    assert client.post(reverse("backoffice:conversation", args=[conversation.pk]),
                       {"body": "Réponse."}).status_code == 404
    client.post(reverse("backoffice:conversation-close", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.state == "waiting" and conversation.messages.count() == 1


def test_a_contact_cannot_be_written_for_someone_of_another_household(agent, tenancy, neighbour_person):
    with pytest.raises(DomainError) as refused:
        log_contact(acting=Acting(user=agent), tenancy=tenancy, person=neighbour_person, channel="phone",
                    summary="Appel.")
    assert refused.value.field == "person"
    assert not ContactLog.objects.exists()


# --- call-backs --------------------------------------------------------------------------------


def test_a_number_that_is_not_a_phone_number_is_refused_on_the_portal_and_nothing_is_written(client, tenant):
    client.force_login(tenant)
    page = client.post(reverse("portal:callback"), {"phone": "appelez-moi", "when": "any"}).content.decode()
    assert "Écrivez un numéro de téléphone" in page
    assert not CallbackRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="contact.callback_requested").exists()


def test_an_oversized_note_is_refused_instead_of_being_cut(tenant, tenant_person, agent):
    with pytest.raises(DomainError) as refused:
        request_callback(acting=Acting(user=tenant), person=tenant_person, phone="0470 12 34 56", when="any",
                         note="x" * 301)
    assert refused.value.field == "note" and "300" in refused.value.message
    assert not CallbackRequest.objects.exists()
    callback = request_callback(acting=Acting(user=tenant), person=tenant_person, phone="0470 12 34 56", when="any")
    with pytest.raises(DomainError):
        close_callback(acting=Acting(user=agent), callback=callback, note="x" * 501)
    callback.refresh_from_db()
    assert callback.state == "open" and callback.outcome == ""


def test_a_day_in_the_past_is_refused_on_the_portal(client, tenant):
    client.force_login(tenant)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    client.post(reverse("portal:callback"), {"phone": "0470 12 34 56", "when": "any", "day": yesterday})
    assert not CallbackRequest.objects.exists()


# --- appointments ------------------------------------------------------------------------------


def test_moving_to_a_time_taken_meanwhile_keeps_the_booking_as_it_was(tenant, tenant_person, neighbour,
                                                                       neighbour_person, agency):
    mine, taken = _slot(agency), _slot(agency, hours=72)
    booking = appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=mine)
    appointments.book_appointment(acting=Acting(user=neighbour), person=neighbour_person, slot=taken)
    with pytest.raises(DomainError) as refused:
        appointments.move_appointment(acting=Acting(user=tenant), appointment=booking, slot=taken)
    assert "Quelqu'un vient de réserver ce moment." in str(refused.value.message)
    booking.refresh_from_db()
    assert booking.state == AppointmentState.BOOKED and booking.slot == mine
    assert Appointment.objects.filter(person=tenant_person).count() == 1


def test_moving_to_a_time_in_the_past_is_refused(tenant, tenant_person, agency):
    booking = appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=_slot(agency))
    with pytest.raises(DomainError):
        appointments.move_appointment(acting=Acting(user=tenant), appointment=booking, slot=_slot(agency, hours=-2))
    booking.refresh_from_db()
    assert booking.state == AppointmentState.BOOKED


def test_an_oversized_appointment_note_is_refused(tenant, tenant_person, agency):
    with pytest.raises(DomainError) as refused:
        appointments.book_appointment(acting=Acting(user=tenant), person=tenant_person, slot=_slot(agency),
                                      note="x" * 301)
    assert refused.value.field == "note"
    assert not Appointment.objects.exists()


def test_staff_booking_a_time_taken_meanwhile_are_told_in_words(client, agent, tenancy, tenant_person, neighbour,
                                                                neighbour_person, agency):
    time = _slot(agency)
    client.force_login(agent)
    url = reverse("backoffice:appointment-book", args=[tenancy.pk])
    client.get(url)
    appointments.book_appointment(acting=Acting(user=neighbour), person=neighbour_person, slot=time)
    page = client.post(url, {"person": tenant_person.pk, "slot": time.pk, "topic": "rent",
                             "channel": "phone"}).content.decode()
    assert "Quelqu&#x27;un vient de réserver ce moment." in page
    assert not Appointment.objects.filter(person=tenant_person).exists()


def test_staff_cannot_book_a_time_of_another_agency(client, agent, tenancy, tenant_person, other_agency):
    far = _slot(other_agency)
    client.force_login(agent)
    page = client.post(reverse("backoffice:appointment-book", args=[tenancy.pk]),
                       {"person": tenant_person.pk, "slot": far.pk, "topic": "rent", "channel": "phone"})
    assert "Votre agence ne propose pas ce moment." in page.content.decode().replace("&#x27;", "'")
    assert not Appointment.objects.exists()


def test_publishing_times_on_a_past_day_is_refused(agent, agency):
    with pytest.raises(DomainError) as refused:
        appointments.publish_slots(acting=Acting(user=agent), agency=agency, kind="counter",
                                   day=timezone.localdate() - dt.timedelta(days=1), first=dt.time(9), last=dt.time(12))
    assert refused.value.field == "day"
    assert not AppointmentSlot.objects.exists()
