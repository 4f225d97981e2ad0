from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from palier.accounts.models import Role, User
from palier.audit.models import AuditEvent

NEW_AGENT = {
    "username": "ines", "first_name": "Inès", "last_name": "Dupont", "email": "ines@foyer-demo.example",
    "phone": "0470 55 66 77", "role": Role.AGENT, "password": "a long first password",
}


def test_an_administrator_creates_an_agent_for_an_agency(client, sign_in, administrator, agency):
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-create"), {**NEW_AGENT, "agencies": [agency.pk]}, follow=True)
    assert "The account of Inès Dupont is ready" in response.content.decode()
    ines = User.objects.get(username="ines")
    assert ines.role == Role.AGENT and ines.phone == "+32470556677"
    assert list(ines.agencies.all()) == [agency]
    assert ines.check_password("a long first password")
    assert AuditEvent.objects.filter(action="accounts.staff_created", actor=administrator).exists()
    assert Client().login(username="ines", password="a long first password")


def test_a_short_first_password_is_refused(client, sign_in, administrator, agency):
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-create"), {**NEW_AGENT, "password": "short"})
    assert "There is a problem" in response.content.decode()
    assert not User.objects.filter(username="ines").exists()


def test_a_tenant_account_cannot_be_created_here(client, sign_in, administrator):
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-create"), {**NEW_AGENT, "role": Role.TENANT})
    assert response.status_code == 200
    assert not User.objects.filter(username="ines").exists()


def test_an_administrator_moves_an_agent_and_makes_her_a_manager(client, sign_in, administrator, agent, other_agency):
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-edit", args=[agent.pk]), {
        "first_name": "Nadia", "last_name": "Haddad", "email": agent.email, "phone": agent.phone,
        "role": Role.MANAGER, "agencies": [other_agency.pk],
    })
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.role == Role.MANAGER
    assert list(agent.agencies.all()) == [other_agency]
    event = AuditEvent.objects.get(action="accounts.staff_updated")
    assert event.data["role"] == {"old": Role.AGENT, "new": Role.MANAGER}


def test_deactivating_a_staff_member_ends_her_sessions_now(client, sign_in, administrator, agent, agency):
    nadia = Client()
    nadia.force_login(agent)
    assert nadia.get(reverse("backoffice:tenant-search")).status_code == 200
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-edit", args=[agent.pk]), {"action": "deactivate"}, follow=True)
    assert "can no longer sign in" in response.content.decode()
    agent.refresh_from_db()
    assert not agent.is_active
    assert not any(s.get_decoded().get("_auth_user_id") == str(agent.pk) for s in Session.objects.all())
    assert nadia.get(reverse("backoffice:tenant-search")).status_code == 302
    event = AuditEvent.objects.get(action="accounts.staff_deactivated")
    assert event.data == {"sessions_ended": 1}
    # The administrator's own session is untouched.
    assert client.get(reverse("backoffice:staff-list")).status_code == 200


def test_an_administrator_cannot_deactivate_herself(client, sign_in, administrator):
    sign_in(administrator)
    response = client.post(reverse("backoffice:staff-edit", args=[administrator.pk]), {"action": "deactivate"},
                           follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_a_manager_reads_the_staff_of_his_agency_only(client, sign_in, manager, agent, other_agent, technician):
    sign_in(manager)
    page = client.get(reverse("backoffice:staff-list")).content.decode()
    assert "Nadia Haddad" in page and "Thomas Lambert" in page
    assert "Pieter" not in page
    assert reverse("backoffice:staff-edit", args=[agent.pk]) not in page
