import html

from django.urls import reverse

from palier.core.acting import Acting
from palier.estates import kiosks
from palier.kiosk.middleware import COOKIE_NAME

KIOSK_PAGES = ["kiosk:home", "kiosk:help", "kiosk:emergency", "kiosk:sign-in", "kiosk:sign-in-pin", "kiosk:tenant-home"]


def text(response):
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def test_a_device_that_is_not_a_registered_kiosk_gets_a_404_on_every_kiosk_page(client, kiosk_device):
    for name in KIOSK_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 404, name
        assert "Cette page s'ouvre uniquement sur une borne enregistrée" in text(response)
    for name in ("kiosk:finish", "kiosk:still-here"):
        assert client.post(reverse(name)).status_code == 404, name


def test_enrolment_asks_first_then_sets_a_lasting_private_cookie(client, kiosk_device, administrator):
    token = kiosks.issue_enrolment(acting=Acting(user=administrator), kiosk=kiosk_device)
    url = reverse("kiosk:enrol", args=[token])
    asked = client.get(url)
    assert "Borne salle commune" in text(asked)
    assert COOKIE_NAME not in asked.cookies

    response = client.post(url)
    assert "Cet appareil est maintenant la borne Borne salle commune" in text(response)
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert int(cookie["max-age"]) > 300 * 24 * 3600

    start = client.get(reverse("kiosk:home"))
    assert start.status_code == 200
    assert "Cité des Tilleuls" in text(start)


def test_a_used_enrolment_link_does_not_work_again(client, kiosk_device, administrator):
    token = kiosks.issue_enrolment(acting=Acting(user=administrator), kiosk=kiosk_device)
    client.post(reverse("kiosk:enrol", args=[token]))
    other_device = client.__class__()
    response = other_device.post(reverse("kiosk:enrol", args=[token]))
    assert response.status_code == 404
    assert "Ce lien d'enregistrement ne fonctionne pas" in text(response)
    assert COOKIE_NAME not in response.cookies


def test_a_revoked_kiosk_stops_working_at_once(kiosk_client, kiosk_device, administrator):
    assert kiosk_client.get(reverse("kiosk:home")).status_code == 200
    kiosk_device.refresh_from_db()
    kiosks.revoke_kiosk(acting=Acting(user=administrator), kiosk=kiosk_device)
    assert kiosk_client.get(reverse("kiosk:home")).status_code == 404


def test_the_start_page_gives_emergency_numbers_and_the_agency(kiosk_client, landlord):
    page = text(kiosk_client.get(reverse("kiosk:home")))
    assert "Foyer Bruxellois Démo" in page
    assert "+32 2 555 09 99" in page  # the landlord's emergency phone
    assert "112" in page
    assert "0800 87 087" in page
    assert "+32 2 555 01 10" in page  # the agency of the kiosk's estate
    assert "Pas d'actualités pour Cité des Tilleuls en ce moment." in page
    for tile in ("Se connecter", "Aide", "Urgence"):
        assert tile in page


def test_every_kiosk_page_is_never_stored_by_the_browser(kiosk_client):
    response = kiosk_client.get(reverse("kiosk:home"))
    assert "no-store" in response["Cache-Control"]


def test_the_read_aloud_button_is_hidden_until_the_script_shows_it(kiosk_client):
    page = text(kiosk_client.get(reverse("kiosk:home")))
    assert 'data-read-aloud aria-pressed="false" hidden' in page
    assert "kiosk/read-aloud.js" in page
    assert "language-switch" in page


def test_the_kiosk_forms_ask_for_numbers_without_autocomplete(kiosk_client):
    page = text(kiosk_client.get(reverse("kiosk:sign-in")))
    assert 'autocomplete="off"' in page
    assert 'inputmode="numeric"' in page


def test_the_kiosk_starts_in_french_whatever_the_device_browser_says(kiosk_client):
    response = kiosk_client.get(reverse("kiosk:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr"' in response.content.decode()
    kiosk_client.post(reverse("set-language"), {"language": "nl", "next": "/kiosk/"})
    response = kiosk_client.get(reverse("kiosk:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()
