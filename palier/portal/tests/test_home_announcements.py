import html

from django.urls import reverse

from palier.contact.models import Target
from palier.contact.services import publish_announcement
from palier.core.acting import Acting


def text(response):
    return html.unescape(response.content.decode())


def publish(user, **kwargs):
    return publish_announcement(acting=Acting(user=user), **kwargs)


def test_amina_reads_the_announcement_for_her_building_on_her_home_page(client, tenant, tenancy, agent, building):
    publish(agent, target=Target.BUILDING, building=building,
            texts={"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")})
    client.force_login(tenant)
    page = text(client.get(reverse("portal:home")))
    assert "Ascenseur en panne" in page
    assert "Le technicien passe jeudi." in page
    assert "Pas d'actualités pour votre immeuble en ce moment." not in page


def test_her_neighbour_in_the_other_building_does_not_read_it(client, neighbour, agent, building):
    publish(agent, target=Target.BUILDING, building=building,
            texts={"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")})
    client.force_login(neighbour)
    page = text(client.get(reverse("portal:home")))
    assert "Ascenseur en panne" not in page


def test_a_dutch_reader_gets_the_dutch_text_and_the_urgent_mark(client, neighbour, agent, estate):
    publish(agent, target=Target.ESTATE, estate=estate, urgent=True,
            texts={"fr": ("Coupure d'eau", "Pas d'eau demain."), "nl": ("Waterafsluiting", "Morgen geen water.")})
    client.force_login(neighbour)
    page = text(client.get(reverse("portal:home")))
    assert "Waterafsluiting" in page
    assert "Morgen geen water." in page
    assert "Coupure d'eau" not in page
    assert "announcement--urgent" in page


def test_the_text_of_an_announcement_is_shown_as_text_not_as_html(client, tenant, tenancy, agent, building):
    publish(agent, target=Target.BUILDING, building=building,
            texts={"fr": ("Fête", "<script>alert(1)</script> Samedi à 15 h.")})
    client.force_login(tenant)
    content = client.get(reverse("portal:home")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_the_home_page_with_news_stays_within_ten_queries(client, tenant, tenancy, agent, estate, building,
                                                           django_assert_max_num_queries):
    for target, place in ((Target.ESTATE, {"estate": estate}), (Target.BUILDING, {"building": building})):
        publish(agent, target=target, texts={"fr": ("Nouvelle", "Texte.")}, urgent=target == Target.ESTATE, **place)
    client.force_login(tenant)
    client.get(reverse("portal:home"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:home"))
    assert text(response).count("Nouvelle") == 2
