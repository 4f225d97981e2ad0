import html

from django.urls import reverse

from palier import testing as t
from palier.contact.models import Target
from palier.contact.services import publish_announcement
from palier.core.acting import Acting


def text(response):
    return html.unescape(response.content.decode())


def test_the_kiosk_start_page_shows_the_news_of_its_estate(kiosk_client, agent, building, other_agent, other_agency):
    acting = Acting(user=agent)
    publish_announcement(acting=acting, target=Target.BUILDING, building=building,
                         texts={"fr": ("Nettoyage des caves", "Lundi, videz votre cave.")})
    elsewhere = t.building(t.estate(other_agency, name="Cité du Nord"))
    publish_announcement(acting=Acting(user=other_agent), target=Target.BUILDING, building=elsewhere,
                         texts={"fr": ("Ailleurs", "Pas ici.")})
    page = text(kiosk_client.get(reverse("kiosk:home")))
    assert "Nettoyage des caves" in page
    assert "Ailleurs" not in page


def test_the_kiosk_start_page_says_when_there_is_no_news(kiosk_client, estate):
    page = text(kiosk_client.get(reverse("kiosk:home")))
    assert "Pas d'actualités pour Cité des Tilleuls en ce moment." in page
