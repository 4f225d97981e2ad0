"""Ready-made answers: a manager looks after them, agents start from them in the tenant's language."""

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.contact import canned
from palier.contact.conversations import start_conversation
from palier.contact.models import CannedReply
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit

pytestmark = pytest.mark.django_db

LIST = reverse("backoffice:canned-reply-list")
NEW = reverse("backoffice:canned-reply-create")


def _form(**overrides):
    data = {"title_fr": "Relevé des compteurs", "body_fr": "Bonjour,\n\nLe relevé des compteurs a lieu mardi.",
            "title_nl": "Meteropname", "body_nl": "Goedendag,\n\nDe meters worden dinsdag opgenomen.",
            "title_en": "", "body_en": "", "title_de": "", "body_de": "", "agency": ""}
    data.update(overrides)
    return data


def _reply(manager, agency=None, **texts):
    texts = texts or {"fr": ("Relevé des compteurs", "Le relevé a lieu mardi."),
                      "nl": ("Meteropname", "De meters worden dinsdag opgenomen.")}
    return canned.add_canned_reply(acting=Acting(user=manager), texts=texts, agency=agency)


def test_a_manager_adds_an_answer_for_her_agency_and_it_is_audited(client, manager, agency):
    client.force_login(manager)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _form(agency=agency.pk))
    assert response.status_code == 302 and response.url == LIST
    reply = CannedReply.objects.get(title_fr="Relevé des compteurs")
    assert (reply.agency, reply.title_nl, reply.changed_by) == (agency, "Meteropname", manager)
    event = AuditEvent.objects.get(action="contact.canned_reply_added")
    assert event.actor_id == manager.pk and event.data["languages"] == ["fr", "nl"]
    page = client.get(LIST).content.decode()
    assert "Relevé des compteurs" in page and agency.name in page


def test_french_is_required_and_nothing_is_written_without_it(client, manager):
    client.force_login(manager)
    page = client.post(NEW, _form(title_fr="", body_fr="")).content.decode()
    assert "Ce champ est obligatoire." in page
    assert not CannedReply.objects.filter(title_nl="Meteropname").exists()
    with pytest.raises(DomainError):
        _reply(manager, fr=("", ""), nl=("Meteropname", "Tekst"))


def test_a_title_without_its_text_is_refused(manager):
    with pytest.raises(DomainError) as refused:
        _reply(manager, fr=("Titre", "Texte"), de=("Zählerablesung", ""))
    assert refused.value.field == "title_de"
    assert not CannedReply.objects.filter(title_fr="Titre").exists()


def test_an_oversized_text_is_refused(manager):
    with pytest.raises(DomainError):
        _reply(manager, fr=("Titre", "x" * (canned.MAX_TEXT + 1)))
    assert not CannedReply.objects.filter(title_fr="Titre").exists()


def test_an_agent_picks_it_and_the_tenant_gets_her_language_or_french(client, manager, agent, agency, tenant,
                                                                       tenant_person, cotenant, cotenant_person):
    reply = _reply(manager, agency)
    dutch = start_conversation(acting=Acting(user=cotenant), person=cotenant_person, topic="other", body="Vraag.")
    french = start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body="Question.")
    client.force_login(agent)
    page = client.get(reverse("backoffice:conversation", args=[dutch.pk]), {"canned": reply.pk}).content.decode()
    assert "De meters worden dinsdag opgenomen." in page
    page = client.get(reverse("backoffice:conversation", args=[french.pk]), {"canned": reply.pk}).content.decode()
    assert "Le relevé a lieu mardi." in page


def test_a_german_reader_gets_the_french_text_when_there_is_no_german_one(manager, agency):
    reply = _reply(manager, agency)
    assert reply.body_in("de") == "Le relevé a lieu mardi."
    assert reply.title_in("nl") == "Meteropname" and reply.title_in("en") == "Relevé des compteurs"


def test_another_agencys_answer_is_neither_offered_nor_managed(client, manager, agent, other_agency, tenant,
                                                                tenant_person):
    manager.agencies.add(other_agency)
    far = _reply(manager, other_agency, fr=("Réponse de Schaerbeek", "Texte de Schaerbeek."))
    manager.agencies.remove(other_agency)
    conversation = start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body="Q.")
    client.force_login(agent)
    page = client.get(reverse("backoffice:conversation", args=[conversation.pk]), {"canned": far.pk})
    assert "Réponse de Schaerbeek" not in page.content.decode()
    client.force_login(manager)
    assert "Réponse de Schaerbeek" not in client.get(LIST).content.decode()
    assert client.get(reverse("backoffice:canned-reply-edit", args=[far.pk])).status_code == 404
    assert client.post(reverse("backoffice:canned-reply-retire", args=[far.pk]),
                       {"version": far.version}).status_code == 404
    # nor can she move one of her answers to an agency that is not hers
    mine = _reply(manager)
    response = client.post(reverse("backoffice:canned-reply-edit", args=[mine.pk]),
                           _form(agency=other_agency.pk, version=mine.version))
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.agency is None


def test_agents_and_other_staff_cannot_manage_answers(client, agent, accountant, administrator):
    for user in (agent, accountant, administrator):
        client.force_login(user)
        assert client.get(LIST).status_code == 404
        assert client.post(NEW, _form()).status_code == 404
    assert not CannedReply.objects.filter(title_fr="Relevé des compteurs").exists()
    with pytest.raises(DomainError):
        _reply(agent)


def test_a_manager_changes_an_answer_and_agents_get_the_new_text(client, manager, agency):
    reply = _reply(manager, agency)
    client.force_login(manager)
    url = reverse("backoffice:canned-reply-edit", args=[reply.pk])
    assert "Meteropname" in client.get(url).content.decode()
    response = client.post(url, _form(body_fr="Le relevé a lieu jeudi.", agency=agency.pk, version=reply.version))
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body_fr == "Le relevé a lieu jeudi." and reply.version == 2
    event = AuditEvent.objects.get(action="contact.canned_reply_changed")
    assert "body_fr" in event.data["fields"]


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(client, manager, agency):
    reply = _reply(manager, agency)
    canned.change_canned_reply(acting=Acting(user=manager), reply=reply, expected_version=1, agency=agency,
                               texts={"fr": ("Relevé des compteurs", "Version de Marc.")})
    client.force_login(manager)
    page = client.post(reverse("backoffice:canned-reply-edit", args=[reply.pk]),
                       _form(body_fr="Ancienne version.", agency=agency.pk, version=1)).content.decode()
    assert "a modifié ceci pendant que vous le modifiiez" in page
    reply.refresh_from_db()
    assert reply.body_fr == "Version de Marc."
    with pytest.raises(StaleEdit):
        canned.retire_canned_reply(acting=Acting(user=manager), reply=reply, expected_version=1)


def test_a_retired_answer_is_no_longer_offered_and_can_be_offered_again(client, manager, agent, agency, tenant,
                                                                         tenant_person):
    reply = _reply(manager, agency)
    conversation = start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body="Q.")
    detail = reverse("backoffice:conversation", args=[conversation.pk])
    client.force_login(manager)
    retire = reverse("backoffice:canned-reply-retire", args=[reply.pk])
    assert client.get(retire).status_code == 405
    assert client.post(retire, {"version": reply.version, "retire": "1"}).url == LIST
    reply.refresh_from_db()
    assert reply.retired_at is not None
    assert "Relevé des compteurs" not in client.get(detail).content.decode()
    assert "Retirée le" in client.get(LIST).content.decode()
    client.post(retire, {"version": reply.version, "retire": "0"})
    reply.refresh_from_db()
    assert reply.retired_at is None
    assert "Relevé des compteurs" in client.get(detail).content.decode()
    actions = list(AuditEvent.objects.filter(action__startswith="contact.canned_reply_")
                   .order_by("at", "id").values_list("action", flat=True))
    assert actions == ["contact.canned_reply_added", "contact.canned_reply_retired", "contact.canned_reply_restored"]


def test_seeding_again_never_brings_back_an_answer_staff_renamed_or_retired(manager):
    canned.ensure_canned_replies()
    shipped = CannedReply.objects.get(seed_key="technician-told")
    canned.change_canned_reply(acting=Acting(user=manager), reply=shipped, expected_version=shipped.version,
                               texts={"fr": ("Technicien appelé", shipped.body_fr)})
    received = CannedReply.objects.get(seed_key="received")
    canned.retire_canned_reply(acting=Acting(user=manager), reply=received, expected_version=received.version)
    assert canned.ensure_canned_replies() == 0
    assert not CannedReply.objects.filter(title_fr="Technicien prévenu").exists()
    assert CannedReply.objects.get(seed_key="received").retired_at is not None
