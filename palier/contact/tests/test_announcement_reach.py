"""Announcements to many households: constant queries, entrances, scheduling, and how far they went."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.contact.models import Kind, Target
from palier.contact.queries import announcement_reach
from palier.contact.services import publish_announcement, send_due_announcements
from palier.core.acting import Acting
from palier.estates.models import Entrance
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db
WATER = {"fr": ("Coupure d'eau", "L'eau sera coupée demain de 8 h à 12 h."),
         "nl": ("Waterafsluiting", "Morgen geen water van 8 tot 12 uur.")}


def households(building, n, start=0):
    for i in range(start, start + n):
        _, tenancy = t.household_with_tenancy(t.dwelling(building, unit=f"U{i}"), name=f"Famille {i}")
        t.person(tenancy.household, f"P{i}", "Test", with_account=False, phone=f"+3247000{i:04d}", by_sms=True)


def queries_to_publish(agent, building):
    with CaptureQueriesContext(connection) as captured:
        publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building, texts=WATER,
                             urgent=True)
    return len(captured)


def test_an_urgent_announcement_costs_the_same_queries_for_10_or_60_households(agent, building, estate):
    queries_to_publish(agent, t.building(estate, name="Vide", street="Rue Vide", number="1"))  # warm caches
    households(building, 10)
    few = queries_to_publish(agent, building)
    bigger = t.building(estate, name="Tour", street="Rue Haute", number="200")
    households(bigger, 60, start=100)
    many = queries_to_publish(agent, bigger)
    assert many == few
    assert Message.objects.filter(channel="sms").count() == 70


def test_an_announcement_for_one_entrance_reaches_only_that_entrance(agent, building, tenancy, tenant_person):
    other = Entrance.objects.create(building=building, label="B", street="Rue des Tilleuls", number="14")
    _, tenancy_b = t.household_with_tenancy(t.dwelling(building, unit="9Z"), name="Dupont")
    tenancy_b.dwelling.entrance = other
    tenancy_b.dwelling.save()
    t.person(tenancy_b.household, "Marie", "Dupont", with_account=False)
    announcement = publish_announcement(acting=Acting(user=agent), target=Target.ENTRANCE, entrance=other,
                                        texts=WATER, urgent=True)
    assert [m.person.first_name for m in Message.objects.filter(topic=f"announcement:{announcement.pk}")] == ["Marie"]
    from palier.contact.queries import announcements_for_tenancy

    assert announcements_for_tenancy(tenancy) == []
    assert [a.pk for a in announcements_for_tenancy(tenancy_b)] == [announcement.pk]


def test_a_scheduled_urgent_announcement_is_sent_at_its_time_and_once(agent, building, tenant_person):
    tomorrow = timezone.now() + dt.timedelta(days=1)
    announcement = publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building,
                                        texts=WATER, urgent=True, publish_at=tomorrow)
    assert not Message.objects.exists()
    assert send_due_announcements(acting=Acting.system()) == 0
    with time_machine.travel(tomorrow + dt.timedelta(minutes=1)):
        assert send_due_announcements(acting=Acting.system()) == 2  # Amina chose email, and paper
        assert send_due_announcements(acting=Acting.system()) == 0
    announcement.refresh_from_db()
    assert announcement.messages_queued_at is not None


def test_staff_see_how_many_got_it_by_which_channel_and_how_many_read_it(
    client, agent, building, tenant, tenant_person, cotenant_person
):
    announcement = publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building,
                                        texts=WATER, urgent=True, kind=Kind.OUTAGE)
    client.force_login(tenant)
    page = client.get(reverse("portal:announcement", args=[announcement.pk])).content.decode()
    assert "L&#x27;eau sera coupée demain" in page
    reach = announcement_reach(announcement)
    assert reach["opened"] == 1
    assert set(reach["by_channel"]) == {"email", "portal", "letter"}
    client.force_login(agent)
    staff_page = client.get(reverse("backoffice:announcement-detail", args=[announcement.pk])).content.decode()
    assert "1 personne" in staff_page


def test_the_building_page_lists_current_works_and_outages(client, agent, building, tenant, tenancy):
    publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building, kind=Kind.WORKS,
                         texts={"fr": ("Peinture de la cage d'escalier", "Du 2 au 6 décembre.")})
    publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building, kind=Kind.NEWS,
                         texts={"fr": ("Fête des voisins", "Samedi.")})
    client.force_login(tenant)
    page = client.get(reverse("portal:building")).content.decode()
    works, news = page.split("Actualités", 1) if "Actualités" in page else page.split("News", 1)
    assert "Peinture de la cage d&#x27;escalier" in works
    assert "Fête des voisins" in news
