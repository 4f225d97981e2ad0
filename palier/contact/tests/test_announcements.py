import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.contact import queries
from palier.contact.models import Announcement, Target
from palier.contact.services import publish_announcement, withdraw_announcement
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.models import Message

FRENCH = {"fr": ("Coupure d'eau", "L'eau sera coupée demain de 8 h à 12 h.")}


def publish(user, **kwargs):
    kwargs.setdefault("texts", FRENCH)
    return publish_announcement(acting=Acting(user=user), **kwargs)


def titles(announcements):
    return [a.title_fr for a in announcements]


def test_an_announcement_for_aminas_building_is_for_her_and_not_for_her_neighbour(
        agent, building, tenancy, neighbour_tenancy):
    publish(agent, target=Target.BUILDING, building=building)
    assert titles(queries.announcements_for_tenancy(tenancy)) == ["Coupure d'eau"]
    assert queries.announcements_for_tenancy(neighbour_tenancy) == []


def test_an_announcement_for_the_estate_is_for_both_buildings(agent, estate, tenancy, neighbour_tenancy):
    publish(agent, target=Target.ESTATE, estate=estate)
    assert titles(queries.announcements_for_tenancy(tenancy)) == ["Coupure d'eau"]
    assert titles(queries.announcements_for_tenancy(neighbour_tenancy)) == ["Coupure d'eau"]


def test_another_agencys_announcement_is_not_shown(other_agent, other_agency, tenancy):
    publish(other_agent, target=Target.AGENCY, agency=other_agency)
    assert queries.announcements_for_tenancy(tenancy) == []


def test_a_managers_announcement_for_everyone_reaches_every_tenancy(manager, tenancy, neighbour_tenancy):
    publish(manager, target=Target.ALL)
    assert len(queries.announcements_for_tenancy(tenancy)) == 1
    assert len(queries.announcements_for_tenancy(neighbour_tenancy)) == 1


def test_a_dutch_reader_gets_the_french_text_when_there_is_no_dutch_one(agent, building):
    announcement = publish(agent, target=Target.BUILDING, building=building)
    assert queries.text_in(announcement, "nl") == FRENCH["fr"]


def test_a_dutch_reader_gets_the_dutch_text_when_there_is_one(agent, building):
    announcement = publish(agent, target=Target.BUILDING, building=building,
                           texts={**FRENCH, "nl": ("Waterafsluiting", "Morgen geen water van 8 tot 12 uur.")})
    assert queries.text_in(announcement, "nl") == ("Waterafsluiting", "Morgen geen water van 8 tot 12 uur.")
    assert queries.text_in(announcement, "de") == FRENCH["fr"]


def test_expired_withdrawn_and_future_announcements_are_not_shown(agent, building, tenancy):
    now = timezone.now()
    publish(agent, target=Target.BUILDING, building=building, texts={"fr": ("Passée", "Finie.")},
            publish_at=now - dt.timedelta(days=3), expires_at=now - dt.timedelta(days=1))
    publish(agent, target=Target.BUILDING, building=building, texts={"fr": ("Plus tard", "Bientôt.")},
            publish_at=now + dt.timedelta(days=1))
    withdrawn = publish(agent, target=Target.BUILDING, building=building, texts={"fr": ("Retirée", "Non.")})
    withdraw_announcement(acting=Acting(user=agent), announcement=withdrawn)
    assert queries.announcements_for_tenancy(tenancy, now=now) == []
    assert titles(queries.announcements_for_tenancy(tenancy, now=now + dt.timedelta(days=2))) == ["Plus tard"]


def test_urgent_announcements_come_first_and_at_most_five_are_shown(agent, building, tenancy):
    now = timezone.now()
    for day in range(6):
        publish(agent, target=Target.BUILDING, building=building, texts={"fr": (f"Nouvelle {day}", "Texte.")},
                publish_at=now - dt.timedelta(days=day + 1))
    publish(agent, target=Target.BUILDING, building=building, texts={"fr": ("Ancienne urgente", "Texte.")},
            publish_at=now - dt.timedelta(days=10), urgent=True)
    shown = titles(queries.announcements_for_tenancy(tenancy))
    assert shown == ["Ancienne urgente", "Nouvelle 0", "Nouvelle 1", "Nouvelle 2", "Nouvelle 3"]


def test_the_announcements_of_a_tenancy_take_one_query(agent, estate, building, tenancy, django_assert_num_queries):
    publish(agent, target=Target.ESTATE, estate=estate)
    with django_assert_num_queries(1):
        queries.announcements_for_tenancy(tenancy)


def test_the_kiosk_shows_the_announcements_of_its_estate_and_its_buildings(agent, estate, building, other_agent,
                                                                           other_agency):
    publish(agent, target=Target.BUILDING, building=building, texts={"fr": ("Bloc A", "Texte.")})
    publish(agent, target=Target.ESTATE, estate=estate, texts={"fr": ("Cité", "Texte.")})
    publish(other_agent, target=Target.AGENCY, agency=other_agency, texts={"fr": ("Ailleurs", "Texte.")})
    assert sorted(titles(queries.announcements_for_estate(estate))) == ["Bloc A", "Cité"]


def test_an_urgent_announcement_goes_by_sms_and_email_to_those_who_chose_them(
        agent, building, tenant_person, cotenant_person, neighbour_person, sms_outbox, django_capture_on_commit_callbacks):
    cotenant_person.phone, cotenant_person.by_sms = "+32 475 11 22 33", True
    cotenant_person.save(update_fields=["phone", "by_sms"])
    with django_capture_on_commit_callbacks(execute=True):
        publish(agent, target=Target.BUILDING, building=building, urgent=True,
                texts={**FRENCH, "nl": ("Waterafsluiting", "Morgen geen water.")})
    assert [m.to for m in mail.outbox] == [["amina.benali@example.org"]]
    assert "Coupure d'eau" in mail.outbox[0].subject
    assert "L'eau sera coupée demain" in mail.outbox[0].body
    assert len(sms_outbox) == 1
    assert "Waterafsluiting" in sms_outbox[0].body  # Youssef reads Dutch
    assert not Message.objects.filter(person=neighbour_person).exists()  # Jan lives in the other building


def test_an_urgent_announcement_goes_on_paper_and_in_the_inbox_to_those_without_email_or_sms(
        agent, building, tenant_person, cotenant_person):
    publish(agent, target=Target.BUILDING, building=building, urgent=True)
    channels = set(Message.objects.filter(person=cotenant_person).values_list("channel", flat=True))
    assert channels == {"portal", "letter"}


def test_a_child_gets_no_urgent_message(agent, building, tenancy, tenant_person):
    child = t.person(tenancy.household, "Lina", "Benali", role="occupant", with_account=False)
    child.birth_date = timezone.localdate() - dt.timedelta(days=365 * 8)
    child.save(update_fields=["birth_date"])
    publish(agent, target=Target.BUILDING, building=building, urgent=True)
    assert not Message.objects.filter(person=child).exists()


def test_a_non_urgent_announcement_reaches_amina_on_every_channel_she_chose(agent, building, tenant_person):
    publish(agent, target=Target.BUILDING, building=building)
    assert sorted(Message.objects.filter(person=tenant_person).values_list("channel", flat=True)) == [
        "email", "letter", "portal"]


def test_publishing_is_recorded_in_the_audit_trail(agent, building):
    announcement = publish(agent, target=Target.BUILDING, building=building)
    assert AuditEvent.objects.filter(action="contact.announcement_published", target_id=str(announcement.pk)).exists()


def test_the_french_text_is_required(agent, building):
    with pytest.raises(DomainError):
        publish(agent, target=Target.BUILDING, building=building, texts={"nl": ("Titel", "Tekst.")})
    assert not Announcement.objects.exists()


def test_an_agent_cannot_write_for_another_agencys_building(agent, other_agency):
    elsewhere = t.building(t.estate(other_agency, name="Cité du Nord"))
    with pytest.raises(DomainError):
        publish(agent, target=Target.BUILDING, building=elsewhere)
    assert not Announcement.objects.exists()


def test_only_a_manager_writes_to_all_tenants(agent, manager):
    with pytest.raises(DomainError):
        publish(agent, target=Target.ALL)
    assert publish(manager, target=Target.ALL).target == Target.ALL


@pytest.mark.parametrize("role", ["technician", "accountant", "administrator"])
def test_other_staff_cannot_publish(request, role, building):
    with pytest.raises(DomainError):
        publish(request.getfixturevalue(role), target=Target.BUILDING, building=building)


def test_the_end_date_must_come_after_the_start(agent, building):
    with pytest.raises(DomainError):
        publish(agent, target=Target.BUILDING, building=building, expires_at=timezone.now() - dt.timedelta(hours=1))


def test_the_database_refuses_a_building_announcement_without_a_building(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(title_fr="x", body_fr="y", target=Target.BUILDING)


def test_a_long_urgent_text_is_cut_for_sms_but_whole_by_email(agent, building, tenant_person, cotenant_person,
                                                               sms_outbox, django_capture_on_commit_callbacks):
    cotenant_person.phone, cotenant_person.by_sms = "+32 475 11 22 33", True
    cotenant_person.save(update_fields=["phone", "by_sms"])
    long_text = "Les travaux durent toute la semaine. " * 40
    with django_capture_on_commit_callbacks(execute=True):
        publish(agent, target=Target.BUILDING, building=building, urgent=True, texts={"fr": ("Travaux", long_text)})
    assert len(sms_outbox[0].body) <= 459 and sms_outbox[0].body.endswith("…")
    assert long_text.strip() in mail.outbox[0].body
