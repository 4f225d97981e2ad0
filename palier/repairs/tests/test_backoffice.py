"""The back office: the queue, a request's file and what staff do with it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.repairs.models import Contractor, EventKind, Priority, RepairRequest, Status, WorkOrder
from palier.repairs.services import assign_request

from .helpers import report

pytestmark = pytest.mark.django_db


def test_the_queue_shows_the_soonest_deadline_first_and_marks_late_requests(client, agent, tenant_person, tenancy):
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        old = report(tenant_person, "elec-socket")  # routine: 30 days, so late now
    urgent = report(tenant_person, "door-lock")  # urgent: 7 days
    routine = report(tenant_person, "kitchen-cupboard")
    client.force_login(agent)
    page = client.get(reverse("backoffice:repair-queue")).content.decode()
    assert page.index(old.reference) < page.index(urgent.reference) < page.index(routine.reference)
    assert 'class="repair-late"' in page
    assert "en retard" in page


def test_the_queue_filters_by_priority(client, agent, tenant_person, tenancy):
    urgent = report(tenant_person, "door-lock")
    routine = report(tenant_person, "kitchen-cupboard")
    client.force_login(agent)
    page = client.get(reverse("backoffice:repair-queue"), {"priority": "urgent"}).content.decode()
    assert urgent.reference in page and routine.reference not in page


def test_the_queue_takes_a_constant_number_of_queries(client, agent, tenant_person, tenancy,
                                                     django_assert_max_num_queries):
    for _ in range(3):
        report(tenant_person, "door-lock")
    client.force_login(agent)
    client.get(reverse("backoffice:repair-queue"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("backoffice:repair-queue"))
    for _ in range(10):
        report(tenant_person, "kitchen-cupboard")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("backoffice:repair-queue"))


def test_a_technician_sees_only_the_requests_assigned_to_him(client, agent, technician, tenant_person, tenancy):
    mine = report(tenant_person, "elec-socket")
    other = report(tenant_person, "door-lock")
    assign_request(acting=Acting(user=agent), repair=mine, assignee=technician, expected_version=mine.version)
    client.force_login(technician)
    page = client.get(reverse("backoffice:repair-queue")).content.decode()
    assert mine.reference in page and other.reference not in page
    assert client.get(reverse("backoffice:repair-detail", args=[other.pk])).status_code == 404


def post(client, repair, action, **fields):
    data = {"action": action, "version": RepairRequest.objects.get(pk=repair.pk).version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(reverse("backoffice:repair-detail", args=[repair.pk]), data)


def test_a_status_change_tells_the_household(client, agent, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(agent)
    post(client, repair, "status", status="in_progress")
    repair.refresh_from_db()
    assert repair.status == Status.IN_PROGRESS
    assert Message.objects.filter(person=tenant_person, body__contains="ont commencé").exists()


def test_a_second_editor_is_told_someone_changed_the_request_first(client, agent, manager, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    stale_version = repair.version
    client.force_login(manager)
    post(client, repair, "status", status="planned")
    client.force_login(agent)
    response = client.post(reverse("backoffice:repair-detail", args=[repair.pk]),
                           {"action": "status", "version": stale_version, "status-status": "in_progress"},
                           follow=True)
    assert "Quelqu&#x27;un d&#x27;autre a modifié" in response.content.decode() or "Someone else" in \
        response.content.decode()
    repair.refresh_from_db()
    assert repair.status == Status.PLANNED


def test_an_internal_note_is_not_shown_to_the_household(client, agent, tenant, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    client.force_login(agent)
    post(client, repair, "note", text="Serrure spéciale, commander la pièce.")
    post(client, repair, "message", text="Nous passons mardi.")
    client.force_login(tenant)
    page = client.get(reverse("portal:repair-detail", args=[repair.pk])).content.decode()
    assert "Nous passons mardi." in page
    assert "Serrure spéciale" not in page


def test_a_work_order_carries_only_the_tenants_name_phone_and_access_notes(client, agent, tenant_person, tenancy):
    contractor = Contractor.objects.create(name="BatiPro SRL")
    repair = report(tenant_person, "door-lock", access_notes="Sonner deux fois")
    client.force_login(agent)
    response = post(client, repair, "work_order", contractor=contractor.pk, scope="Remplacer le cylindre")
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    assert (order.tenant_name, order.tenant_phone, order.access_notes) == ("Amina Benali", "+32470123456",
                                                                          "Sonner deux fois")
    assert order.deadline == repair.deadline
    assert AuditEvent.objects.filter(action="repairs.work_order_raised").exists()


def test_reclassifying_moves_the_deadline_with_the_priority(client, agent, tenant_person, tenancy):
    repair = report(tenant_person, "elec-socket")
    client.force_login(agent)
    post(client, repair, "reclassify", problem=repair.problem_id, priority=Priority.EMERGENCY)
    repair.refresh_from_db()
    assert repair.deadline == repair.created_at + dt.timedelta(hours=24)


def test_a_duplicate_is_merged_and_its_reporter_follows_the_request_kept(client, agent, tenant_person,
                                                                        cotenant_person, tenancy):
    kept = report(tenant_person, "common-lift-down")
    duplicate = report(cotenant_person, "common-lift-down")
    client.force_login(agent)
    post(client, duplicate, "merge", into=kept.reference)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CANCELLED and duplicate.merged_into == kept
    assert kept.followers.filter(person=cotenant_person).exists()


def test_an_appointment_is_reminded_by_sms_the_day_before(agent, tenant_person, tenancy, sms_outbox):
    from palier.repairs.services import send_appointment_reminders, set_appointment

    tenant_person.by_sms = True
    tenant_person.save()
    repair = report(tenant_person, "door-lock", keep_informed=["sms"])
    at = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=2), dt.time(10)))
    set_appointment(acting=Acting(user=agent), repair=repair, at=at, expected_version=repair.version)
    with time_machine.travel(at - dt.timedelta(days=1)):
        assert send_appointment_reminders(acting=Acting.system()) == 1
        assert send_appointment_reminders(acting=Acting.system()) == 1  # the outbox keeps it once
    reminders = Message.objects.filter(channel="sms", body__startswith="Rappel")
    assert reminders.count() == 1


def test_an_untouched_request_alerts_the_officer_once(agent, tenant_person, tenancy):
    from palier.repairs.services import alert_untouched

    repair = report(tenant_person, "door-lock")
    assert alert_untouched(acting=Acting.system()) == 0
    later = timezone.now() + dt.timedelta(hours=49)
    assert alert_untouched(acting=Acting.system(), now=later) == 1
    assert alert_untouched(acting=Acting.system(), now=later) == 0
    assert Message.objects.filter(user=agent, body__contains=repair.reference).count() == 1


def test_an_agent_records_a_repair_reported_on_the_phone(client, agent, tenant_person, tenancy):
    from palier.repairs.models import Problem

    client.force_login(agent)
    response = client.post(reverse("backoffice:repair-new", args=[tenancy.pk]), {
        "person": tenant_person.pk, "channel": "phone", "problem": Problem.objects.get(code="water-stain").pk,
        "since": "weeks", "description": "Tache au plafond de la chambre", "access_slots": ["afternoon"],
    })
    repair = RepairRequest.objects.get()
    assert response["Location"] == reverse("backoffice:repair-detail", args=[repair.pk])
    assert repair.channel == "phone" and repair.created_by == agent and repair.created_for == tenant_person
    event = AuditEvent.objects.get(action="repairs.request_reported")
    assert (event.actor_id, event.for_person_id, event.channel) == (agent.pk, tenant_person.pk, "phone")
    assert repair.events.get(kind=EventKind.RECEIVED).data["channel"] == "phone"


def test_a_technician_of_the_team_says_he_is_on_the_way_and_the_household_reads_it(client, agent, technician,
                                                                                    tenant, tenant_person, tenancy,
                                                                                    agency):
    from palier.repairs.models import Team

    team = Team.objects.create(agency=agency, name="Équipe Marolles")
    team.members.add(technician)
    repair = report(tenant_person, "door-lock")
    assign_request(acting=Acting(user=agent), repair=repair, team=team, expected_version=repair.version)
    client.force_login(technician)
    assert repair.reference in client.get(reverse("backoffice:repair-queue")).content.decode()
    post(client, repair, "on_the_way")
    client.force_login(tenant)
    page = client.get(reverse("portal:repair-detail", args=[repair.pk])).content.decode()
    assert "Technicien en route" in page
    assert Message.objects.filter(person=tenant_person, body__contains="en route").exists()
