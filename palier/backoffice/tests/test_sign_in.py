from django.urls import reverse

from palier import testing as t


def test_a_staff_member_signs_in_and_out(client, agent):
    response = client.post(reverse("backoffice:login"), {"identifier": "nadia", "password": t.PASSWORD})
    assert response["Location"] == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).status_code == 200
    response = client.post(reverse("backoffice:logout"))
    assert response["Location"] == reverse("backoffice:login")
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_a_tenant_is_refused_at_the_staff_sign_in_and_gets_no_session(client, tenant, tenancy):
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("backoffice:login"), {"identifier": tenancy.number, "password": t.PASSWORD})
    assert response.status_code == 200
    assert "This sign-in is for staff." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:home")).status_code == 302


def test_the_staff_sign_in_returns_to_the_page_asked_for(client, agent):
    url = reverse("backoffice:login") + "?next=" + reverse("backoffice:estate-list")
    response = client.post(url, {"identifier": "nadia", "password": t.PASSWORD})
    assert response["Location"] == reverse("backoffice:estate-list")
