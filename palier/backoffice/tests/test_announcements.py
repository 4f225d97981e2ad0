import html

from django.core import mail
from django.urls import reverse

from palier import testing as t
from palier.contact.models import Announcement, Target
from palier.contact.services import publish_announcement
from palier.core.acting import Acting


def text(response):
    return html.unescape(response.content.decode())


def form(**fields):
    data = {"title_fr": "Coupure d'eau", "body_fr": "L'eau sera coupée demain de 8 h à 12 h.", "target": "building"}
    data.update(fields)
    return data


def test_an_agent_publishes_an_announcement_for_a_building_of_her_agency(client, sign_in, agent, building):
    sign_in(agent)
    response = client.post(reverse("backoffice:announcement-create"), form(building=building.pk), follow=True)
    page = text(response)
    assert "The announcement is published." in page
    assert "Coupure d'eau" in page
    assert "Cité des Tilleuls – Bloc A" in page
    assert Announcement.objects.get().created_by == agent


def test_an_urgent_announcement_from_the_form_emails_amina(client, sign_in, agent, building, tenant_person,
                                                            django_capture_on_commit_callbacks):
    sign_in(agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:announcement-create"), form(building=building.pk, urgent="on"))
    assert [m.to for m in mail.outbox] == [["amina.benali@example.org"]]


def test_the_form_asks_for_the_french_text(client, sign_in, agent, building):
    sign_in(agent)
    response = client.post(reverse("backoffice:announcement-create"),
                           form(building=building.pk, title_fr="", body_fr="", title_nl="Titel", body_nl="Tekst"))
    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert not Announcement.objects.exists()


def test_the_form_asks_for_the_place_of_the_target(client, sign_in, agent):
    sign_in(agent)
    response = client.post(reverse("backoffice:announcement-create"), form(target="estate"))
    assert "Choose the place this announcement is for." in text(response)
    assert not Announcement.objects.exists()


def test_an_agent_cannot_choose_a_building_of_another_agency(client, sign_in, agent, other_agency):
    elsewhere = t.building(t.estate(other_agency, name="Cité du Nord"))
    sign_in(agent)
    page = text(client.get(reverse("backoffice:announcement-create")))
    assert "Cité du Nord" not in page
    response = client.post(reverse("backoffice:announcement-create"), form(building=elsewhere.pk))
    assert response.status_code == 200
    assert not Announcement.objects.exists()


def test_an_agent_cannot_write_to_all_tenants_but_a_manager_can(client, sign_in, agent, manager):
    sign_in(agent)
    assert "all tenants" not in text(client.get(reverse("backoffice:announcement-create")))
    client.post(reverse("backoffice:announcement-create"), form(target="all"))
    assert not Announcement.objects.exists()
    sign_in(manager)
    client.post(reverse("backoffice:announcement-create"), form(target="all"))
    assert Announcement.objects.get().target == Target.ALL


def test_an_agent_withdraws_an_announcement_and_tenants_stop_seeing_it(client, sign_in, agent, building, tenant,
                                                                        tenancy):
    announcement = publish_announcement(acting=Acting(user=agent), target="building", building=building,
                                        texts={"fr": ("Ascenseur en panne", "Réparé jeudi.")})
    sign_in(agent)
    response = client.post(reverse("backoffice:announcement-withdraw", args=[announcement.pk]), follow=True)
    assert "is withdrawn" in text(response)
    client.force_login(tenant)
    assert "Ascenseur en panne" not in text(client.get(reverse("portal:home")))


def test_an_agent_of_another_agency_neither_sees_nor_withdraws_it(client, sign_in, agent, other_agent, building):
    announcement = publish_announcement(acting=Acting(user=agent), target="building", building=building,
                                        texts={"fr": ("Ascenseur en panne", "Réparé jeudi.")})
    sign_in(other_agent)
    assert "Ascenseur en panne" not in text(client.get(reverse("backoffice:announcement-list")))
    assert client.post(reverse("backoffice:announcement-withdraw", args=[announcement.pk])).status_code == 404
    announcement.refresh_from_db()
    assert announcement.withdrawn_at is None


def test_the_administrator_does_not_write_announcements(client, sign_in, administrator):
    sign_in(administrator)
    assert client.get(reverse("backoffice:announcement-list")).status_code == 404
    assert "Announcements" not in text(client.get(reverse("backoffice:home")))


def test_the_announcement_list_stays_within_ten_queries(client, sign_in, agent, manager, estate, building,
                                                         django_assert_max_num_queries):
    for n in range(5):
        publish_announcement(acting=Acting(user=agent), target="building", building=building,
                             texts={"fr": (f"Nouvelle {n}", "Texte.")})
        publish_announcement(acting=Acting(user=manager), target="estate", estate=estate,
                             texts={"fr": (f"Cité {n}", "Texte.")})
    sign_in(manager)
    client.get(reverse("backoffice:announcement-list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("backoffice:announcement-list"))
    page = text(response)
    assert all(f"Nouvelle {n}" in page and f"Cité {n}" in page for n in range(5))
