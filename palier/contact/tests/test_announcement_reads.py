"""How many read an announcement online: the tenant shown its full text on the portal or kiosk
home counts, once; a helper or a staff member reading it for them does not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from palier import testing as t
from palier.contact.models import AnnouncementRead, Target
from palier.contact.queries import announcement_reach
from palier.contact.services import mark_announcements_shown, publish_announcement
from palier.core.acting import Acting
from palier.mandates import services as mandates

pytestmark = pytest.mark.django_db
LIFT = {"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")}


@pytest.fixture
def lift(agent, building):
    return publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=building, texts=LIFT)


def readers(announcement):
    return sorted(AnnouncementRead.objects.filter(announcement=announcement).values_list("person__first_name",
                                                                                        flat=True))


def test_amina_shown_it_on_her_portal_home_has_read_it_once(client, tenant, tenant_person, lift):
    client.force_login(tenant)
    assert "Le technicien passe jeudi." in client.get(reverse("portal:home")).content.decode()
    client.get(reverse("portal:home"))
    assert readers(lift) == ["Amina"]
    assert announcement_reach(lift)["opened"] == 1


def test_every_announcement_on_the_home_page_is_recorded_in_one_insert(client, tenant, tenant_person, lift, agent,
                                                                      estate):
    party = publish_announcement(acting=Acting(user=agent), target=Target.ESTATE, estate=estate,
                                 texts={"fr": ("Fête des voisins", "Samedi.")})
    client.force_login(tenant)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("portal:home"))
    inserts = [q["sql"] for q in captured.captured_queries if "contact_announcementread" in q["sql"]]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")
    assert readers(lift) == readers(party) == ["Amina"]


def test_a_home_page_without_news_writes_nothing(client, tenant, tenant_person):
    client.force_login(tenant)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("portal:home"))
    assert not [q for q in captured.captured_queries if "contact_announcementread" in q["sql"]]


def test_her_co_tenant_reading_it_counts_as_a_second_reader(client, tenant, cotenant, lift):
    for user in (tenant, cotenant):
        client.force_login(user)
        client.get(reverse("portal:home"))
    assert len(readers(lift)) == 2
    assert announcement_reach(lift)["opened"] == 2


def test_amina_shown_it_on_the_kiosk_home_has_read_it(kiosk_client, tenancy, tenant, tenant_person, lift):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    assert kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})["Location"] == reverse("kiosk:tenant-home")
    assert "Le technicien passe jeudi." in kiosk_client.get(reverse("kiosk:tenant-home")).content.decode()
    assert readers(lift) == ["Amina"]


def test_passers_by_reading_the_kiosk_start_page_are_not_counted(kiosk_client, lift):
    assert "Le technicien passe jeudi." in kiosk_client.get(reverse("kiosk:home")).content.decode()
    assert readers(lift) == []


def test_staff_acting_for_amina_on_the_phone_do_not_count_as_her_reading(client, agent, tenancy, tenant_person,
                                                                         lift):
    client.force_login(agent)
    client.post(reverse("backoffice:act-for-tenant", kwargs={"pk": tenancy.pk}),
                {"person": tenant_person.pk, "channel": "phone"})
    client.get(reverse("portal:home"))
    client.get(reverse("portal:announcement", args=[lift.pk]))
    assert readers(lift) == []


def test_her_helper_reading_for_her_does_not_count(client, tenant, tenant_person, helper, lift):
    mandate = mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                                     scopes=["messages"], duration="month")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": mandate.tenant_id})
    client.get(reverse("portal:home"))
    assert "Le technicien passe jeudi." in client.get(reverse("portal:announcement", args=[lift.pk])).content.decode()
    assert readers(lift) == []


def test_only_the_person_themselves_is_recorded(agent, helper, tenant, tenant_person, cotenant_person, lift):
    for acting in (Acting(user=agent, for_person=tenant_person), Acting(user=helper, for_person=tenant_person),
                   Acting(user=helper), Acting.system(), Acting(user=tenant, for_person=cotenant_person)):
        mark_announcements_shown(acting=acting, person=tenant_person, announcements=[lift])
    mark_announcements_shown(acting=Acting(user=tenant), person=cotenant_person, announcements=[lift])
    assert readers(lift) == []
    mark_announcements_shown(acting=Acting(user=tenant), person=tenant_person, announcements=[lift])
    mark_announcements_shown(acting=Acting(user=tenant), person=tenant_person, announcements=[lift])
    assert readers(lift) == ["Amina"]


def test_amina_shown_it_in_full_on_the_kiosk_building_page_has_read_it(kiosk_client, tenancy, tenant, tenant_person,
                                                                       lift):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    assert "Le technicien passe jeudi." in kiosk_client.get(reverse("kiosk:building")).content.decode()
    assert readers(lift) == ["Amina"]


def test_the_portal_building_page_lists_titles_and_records_nothing(client, tenant, tenant_person, lift):
    client.force_login(tenant)
    assert "Ascenseur en panne" in client.get(reverse("portal:building")).content.decode()
    assert readers(lift) == []
