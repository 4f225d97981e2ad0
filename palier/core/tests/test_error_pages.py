"""Palier's own error pages: plain words, a way home, and never a trace of the error itself."""

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path


def text(response):
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return unescape(response.content.decode())


def _explode(request):
    raise RuntimeError("secret-database-password-in-an-error")


def _forbidden(request):
    raise PermissionDenied("internal reason nobody should read")


# Used as ROOT_URLCONF by the tests below that need a page that fails.
urlpatterns = [path("explode/", _explode), path("forbidden/", _forbidden)]


@pytest.mark.django_db
def test_an_unknown_address_shows_palier_s_own_page_in_the_visitor_s_language(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl"' in html
    assert "Naar de hoofdinhoud" in html  # the skip link, already translated into Dutch
    assert '<a class="button" href="/">' in html  # Palier's page, with a way home
    assert "Not Found" not in html  # not the bare page of the web framework


@pytest.mark.django_db
def test_a_signed_in_person_sees_the_not_found_page_in_the_language_of_her_account(client, tenant):
    tenant.language = "fr"
    tenant.save(update_fields=["language"])
    client.force_login(tenant)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("palier.core.tests.test_error_pages")
def test_a_crash_shows_a_calm_page_without_any_detail_of_the_error():
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Un problème est survenu de notre côté" in text(response)
    assert "secret-database-password" not in html
    assert "Traceback" not in html and "RuntimeError" not in html
    assert 'href="/"' in html


def test_the_crash_page_needs_neither_a_request_nor_the_database():
    html = render_to_string("500.html")  # in the default language, French
    assert "Un problème est survenu de notre côté" in unescape(html)
    assert 'href="/"' in html


@pytest.mark.django_db
@pytest.mark.urls("palier.core.tests.test_error_pages")
def test_a_refusal_shows_palier_s_page_and_not_the_internal_reason(client):
    response = client.get("/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Vous ne pouvez pas ouvrir cette page" in text(response)
    assert "internal reason" not in html


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_the_plain_bad_request_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Nous n'avons pas pu lire cette demande" in text(response)
    assert "attacker.example" not in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_asks_to_send_it_again():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"identifier": "someone", "password": "x"})
    assert response.status_code == 403
    assert "Veuillez renvoyer le formulaire" in text(response)
    assert "CSRF" not in response.content.decode()
