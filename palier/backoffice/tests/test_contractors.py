"""Managers and administrators keep the list of contractors and their people's accounts, in the
back office, as they keep the repairs catalogue."""

import pytest
from django.test import Client
from django.urls import reverse

from palier import testing as t
from palier.accounts.models import Role, User
from palier.audit.models import AuditEvent
from palier.repairs.models import Contractor, RepairRequest, WorkOrder
from palier.repairs.tests.helpers import report

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {"username": "karim", "first_name": "Karim", "last_name": "Aziz", "email": "karim@batipro.example",
               "phone": "0470 99 88 77", "password": "a long first password"}


def test_a_manager_adds_a_contractor_and_it_is_audited(client, sign_in, manager):
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor-new"),
                           {"name": "BatiPro SRL", "email": "devis@batipro.example", "phone": "02 555 44 33",
                            "active": "on"}, follow=True)
    firm = Contractor.objects.get(name="BatiPro SRL")
    assert firm.active and firm.phone == "+3225554433" and firm.email == "devis@batipro.example"
    assert "BatiPro SRL is added" in response.content.decode()
    assert AuditEvent.objects.filter(action="repairs.contractor_added", actor=manager).exists()
    assert "BatiPro SRL" in client.get(reverse("backoffice:repair-contractors")).content.decode()


def test_two_contractors_cannot_have_the_same_name(client, sign_in, administrator):
    Contractor.objects.create(name="BatiPro SRL")
    sign_in(administrator)
    response = client.post(reverse("backoffice:repair-contractor-new"), {"name": "batipro srl"})
    assert "A contractor already has this name." in response.content.decode()
    assert Contractor.objects.count() == 1


def test_a_firm_no_longer_offered_is_left_out_of_new_work_orders(client, sign_in, manager, agent, tenant_person):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    dupont = Contractor.objects.create(name="Sanitaires Dupont")
    sign_in(manager)
    client.post(reverse("backoffice:repair-contractor", args=[dupont.pk]),
                {"action": "save", "name": "Sanitaires Dupont", "email": "", "phone": ""})
    dupont.refresh_from_db()
    assert not dupont.active
    event = AuditEvent.objects.get(action="repairs.contractor_changed", actor=manager)
    assert event.data == {"fields": ["active"]}

    repair = report(tenant_person, "door-lock")
    sign_in(agent)
    page = client.get(reverse("backoffice:repair-detail", args=[repair.pk])).content.decode()
    assert "BatiPro SRL" in page and "Sanitaires Dupont" not in page
    client.post(reverse("backoffice:repair-detail", args=[repair.pk]), {
        "action": "work_order", "version": RepairRequest.objects.get(pk=repair.pk).version,
        "work_order-contractor": dupont.pk, "work_order-scope": "Changer le cylindre"})
    assert not WorkOrder.objects.exists()
    client.post(reverse("backoffice:repair-detail", args=[repair.pk]), {
        "action": "work_order", "version": RepairRequest.objects.get(pk=repair.pk).version,
        "work_order-contractor": batipro.pk, "work_order-scope": "Changer le cylindre"})
    assert WorkOrder.objects.get().contractor == batipro


def test_a_manager_adds_an_account_that_sets_up_its_second_factor_at_first_sign_in(client, sign_in, manager,
                                                                                 settings):
    firm = Contractor.objects.create(name="BatiPro SRL")
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor-account-new", args=[firm.pk]), NEW_ACCOUNT,
                           follow=True)
    assert "The account of Karim Aziz is ready" in response.content.decode()
    karim = User.objects.get(username="karim")
    assert karim.role == Role.CONTRACTOR and karim.organisation == "BatiPro SRL" and karim.phone == "+32470998877"
    assert list(firm.users.all()) == [karim]
    event = AuditEvent.objects.get(action="repairs.contractor_account_created")
    assert event.actor == manager and event.data == {"contractor": firm.pk}

    settings.PALIER_REQUIRE_2FA = True
    works = Client()
    works.post(reverse("works:login"), {"identifier": "karim", "password": "a long first password"})
    first = works.get(reverse("works:home"))
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("backoffice:two-factor-setup"))


def test_a_short_first_password_is_refused(client, sign_in, manager):
    firm = Contractor.objects.create(name="BatiPro SRL")
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor-account-new", args=[firm.pk]),
                           {**NEW_ACCOUNT, "password": "short"})
    assert "There is a problem" in response.content.decode()
    assert not User.objects.filter(username="karim").exists()


def test_an_email_already_in_use_is_refused(client, sign_in, manager, agent):
    firm = Contractor.objects.create(name="BatiPro SRL")
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor-account-new", args=[firm.pk]),
                           {**NEW_ACCOUNT, "email": agent.email.upper()})
    assert "Another account already uses this email address." in response.content.decode()
    assert not User.objects.filter(username="karim").exists()


def test_deactivating_an_account_ends_its_sessions_and_is_audited(client, sign_in, manager, contractor):
    firm = Contractor.objects.create(name="BatiPro SRL")
    firm.users.add(contractor)
    luc = Client()
    luc.force_login(contractor)
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor", args=[firm.pk]),
                           {"action": "deactivate", "account": contractor.pk}, follow=True)
    assert "can no longer sign in" in response.content.decode()
    contractor.refresh_from_db()
    assert not contractor.is_active
    assert luc.get(reverse("works:home")).status_code == 302  # signed out
    event = AuditEvent.objects.get(action="repairs.contractor_account_deactivated")
    assert event.actor == manager and event.data["sessions_ended"] == 1

    client.post(reverse("backoffice:repair-contractor", args=[firm.pk]),
                {"action": "reactivate", "account": contractor.pk})
    contractor.refresh_from_db()
    assert contractor.is_active


def test_an_account_of_another_firm_or_a_staff_account_cannot_be_deactivated_here(client, sign_in, manager,
                                                                                  contractor, agent):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    dupont = Contractor.objects.create(name="Sanitaires Dupont")
    batipro.users.add(contractor)
    dupont.users.add(agent)  # a mistake made in the admin: still not a contractor account
    sign_in(manager)
    for firm, account in ((dupont, contractor), (dupont, agent)):
        response = client.post(reverse("backoffice:repair-contractor", args=[firm.pk]),
                               {"action": "deactivate", "account": account.pk})
        assert response.status_code == 404
    contractor.refresh_from_db()
    agent.refresh_from_db()
    assert contractor.is_active and agent.is_active


def test_agents_and_technicians_do_not_manage_contractors(client, sign_in, agent, technician):
    firm = Contractor.objects.create(name="BatiPro SRL")
    for user in (agent, technician):
        sign_in(user)
        assert client.get(reverse("backoffice:repair-contractors")).status_code == 404
        assert client.get(reverse("backoffice:repair-contractor", args=[firm.pk])).status_code == 404


def test_a_contractor_that_does_not_exist_is_a_404(client, sign_in, manager):
    sign_in(manager)
    assert client.get(reverse("backoffice:repair-contractor", args=[987654])).status_code == 404
    assert client.get(reverse("backoffice:repair-contractor-account-new", args=[987654])).status_code == 404


def test_a_contractor_account_cannot_be_created_with_a_taken_username(client, sign_in, manager):
    t.user(Role.TENANT, "karim", "Karim", "Autre")
    firm = Contractor.objects.create(name="BatiPro SRL")
    sign_in(manager)
    response = client.post(reverse("backoffice:repair-contractor-account-new", args=[firm.pk]), NEW_ACCOUNT)
    assert "This username is taken." in response.content.decode()
    assert not firm.users.exists()
