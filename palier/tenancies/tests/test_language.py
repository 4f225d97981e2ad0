from django.urls import reverse

from palier.tenancies.models import Person


def test_the_language_chosen_in_the_header_follows_the_tenant_to_her_letters(client, tenant, tenant_person):
    client.force_login(tenant)
    response = client.post(reverse("set-language"), {"language": "nl", "next": "/"})
    assert response.status_code == 302
    tenant.refresh_from_db()
    assert tenant.language == "nl"
    assert Person.objects.get(pk=tenant_person.pk).language == "nl"


def test_an_anonymous_visitor_switches_language_for_the_visit_only(client, db):
    response = client.post(reverse("set-language"), {"language": "de", "next": "/sign-in/"})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert client.cookies["django_language"].value == "de"


def test_the_language_switch_never_redirects_to_another_site(client, db):
    response = client.post(reverse("set-language"), {"language": "de", "next": "https://evil.example/"})
    assert response["Location"] == "/"
