"""The catalogue and the deadlines, configured by a manager or an administrator in the back office."""

import pytest
from django.urls import reverse
from django.utils import translation

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.repairs import configuration
from palier.repairs.catalogue import ensure_catalogue
from palier.repairs.models import Priority, Problem, RepairSettings
from palier.repairs.queries import problems_in

from .helpers import report

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": {"label": "Le boîtier de la sonnette est arraché", "advice": "Ne touchez pas aux fils.", "tenant_hint": ""},
    "nl": {"label": "De bel is losgerukt", "advice": "Raak de draden niet aan.", "tenant_hint": ""},
    "de": {"label": "Die Klingel ist abgerissen", "advice": "", "tenant_hint": ""},
    "en": {"label": "The doorbell box is torn off", "advice": "", "tenant_hint": ""},
}


def _form(problem=None, **changes):
    data = {"version": problem.version if problem else 1, "room": "doors_windows", "pictogram": "door",
            "responsible": "landlord", "priority": "urgent"}
    for language, words in WORDS.items():
        for kind, value in words.items():
            data[f"{kind}_{language}"] = value
    data.update(changes)
    return data


@pytest.fixture
def catalogue():
    ensure_catalogue()


def test_a_manager_sees_the_catalogue_by_room_with_the_deadlines(client, manager, catalogue):
    client.force_login(manager)
    page = client.get(reverse("backoffice:repair-catalogue")).content.decode()
    assert "Cuisine" in page and "Ça sent le gaz" in page
    assert "mis en sécurité dans les 24 heures" in page
    assert "réparé dans les 30 jours" in page


def test_an_agent_or_a_technician_may_not_open_the_catalogue(client, agent, technician, catalogue):
    for user in (agent, technician):
        client.force_login(user)
        assert client.get(reverse("backoffice:repair-catalogue")).status_code == 404


def test_an_administrator_adds_a_problem_in_four_languages_and_tenants_see_it(client, administrator, catalogue):
    client.force_login(administrator)
    response = client.post(reverse("backoffice:repair-problem-new"), _form())
    assert response.status_code == 302
    problem = Problem.objects.get(code__startswith="doors_windows-the-doorbell")
    assert problem.priority == Priority.URGENT and problem.pictogram == "door" and problem.active
    assert problem in problems_in("doors_windows")
    with translation.override("nl"):
        assert problem.label == "De bel is losgerukt"
        assert problem.advice == "Raak de draden niet aan."
    with translation.override("de"):
        # No German advice: the French one is shown rather than none.
        assert problem.advice == "Ne touchez pas aux fils."
    event = AuditEvent.objects.get(action="repairs.problem_added")
    assert event.actor == administrator


def test_a_new_problem_needs_its_name_in_each_language(client, manager, catalogue):
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-problem-new"), _form(label_de=""))
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Problem.objects.filter(code__startswith="doors_windows-the-doorbell").exists()


def test_a_manager_rewords_a_problem_and_makes_the_tenant_responsible(client, manager, catalogue):
    problem = Problem.objects.get(code="window-shutter")
    client.force_login(manager)
    initial = client.get(reverse("backoffice:repair-problem-edit", args=[problem.pk])).content.decode()
    assert "Un volet roulant est bloqué" in initial
    response = client.post(reverse("backoffice:repair-problem-edit", args=[problem.pk]),
                           _form(problem, room="doors_windows", pictogram="window", responsible="tenant",
                                 priority="routine"))
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.responsible == "tenant" and problem.version == 2
    with translation.override("fr"):
        assert problem.label == "Le boîtier de la sonnette est arraché"
    event = AuditEvent.objects.get(action="repairs.problem_changed")
    assert "responsible" in event.data["fields"] and "words" in event.data["fields"]


def test_unchanged_words_stay_the_catalogues_own(manager, catalogue):
    problem = Problem.objects.get(code="window-shutter")
    from palier.backoffice.repair_catalogue_views import ProblemForm

    initial = ProblemForm.initial_for(problem)
    words = {lang: {kind: initial[f"{kind}_{lang}"] for kind in ("label", "advice", "tenant_hint")}
             for lang in ("fr", "nl", "de", "en")}
    configuration.change_problem(acting=Acting(user=manager), problem=problem, expected_version=problem.version,
                                 room=problem.room, pictogram=problem.pictogram, responsible="landlord",
                                 priority="routine", is_emergency=False, words=words)
    problem.refresh_from_db()
    assert problem.texts == {}


def test_two_managers_editing_the_same_problem_the_second_is_told(client, manager, catalogue):
    problem = Problem.objects.get(code="window-shutter")
    stale = _form(problem, responsible="tenant")
    configuration.change_problem(acting=Acting(user=manager), problem=problem, expected_version=problem.version,
                                 room="doors_windows", pictogram="window", responsible="contractor",
                                 priority="routine", is_emergency=False, words=WORDS)
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-problem-edit", args=[problem.pk]), stale)
    assert response.status_code == 200
    assert "a modifié ceci pendant que vous le modifiiez" in response.content.decode()
    problem.refresh_from_db()
    assert problem.responsible == "contractor"


def test_an_emergency_must_have_the_emergency_priority(manager, catalogue):
    with pytest.raises(DomainError):
        configuration.add_problem(acting=Acting(user=manager), room="water", pictogram="drop", responsible="landlord",
                                  priority="routine", is_emergency=True, words=WORDS)


def test_a_pictogram_must_come_from_the_set(client, manager, catalogue):
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-problem-new"), _form(pictogram="../../etc/passwd"))
    assert response.status_code == 200
    assert not Problem.objects.filter(code__startswith="doors_windows-the-doorbell").exists()


def test_a_retired_problem_is_no_longer_offered_but_its_requests_stay_readable(
        client, manager, agent, tenant, tenant_person, tenancy, catalogue):
    problem = Problem.objects.get(code="kitchen-cupboard")
    repair = report(tenant_person, "kitchen-cupboard")
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-problem-retire", args=[problem.pk]),
                           {"version": problem.version})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert not problem.active
    assert problem not in problems_in("kitchen")
    assert AuditEvent.objects.filter(action="repairs.problem_retired").exists()
    client.force_login(agent)
    page = client.get(reverse("backoffice:repair-detail", args=[repair.pk])).content.decode()
    assert "Une armoire de cuisine est cassée" in page
    client.force_login(tenant)
    page = client.get(reverse("portal:repair-detail", args=[repair.pk])).content.decode()
    assert "Une armoire de cuisine est cassée" in page
    # And it can be offered again.
    client.force_login(manager)
    client.post(reverse("backoffice:repair-problem-retire", args=[problem.pk]),
                {"version": problem.version, "retire": "no"})
    problem.refresh_from_db()
    assert problem.active


def test_retiring_with_a_stale_version_changes_nothing(client, manager, catalogue):
    problem = Problem.objects.get(code="kitchen-cupboard")
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-problem-retire", args=[problem.pk]), {"version": 99})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.active


def test_a_manager_changes_the_deadlines_and_new_requests_follow_them(client, manager, tenant_person, tenancy,
                                                                      catalogue):
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-deadlines"), {
        "version": 1, "emergency_hours": 12, "urgent_days": 5, "routine_days": 20, "untouched_alert_hours": 24})
    assert response.status_code == 302
    settings = RepairSettings.current()
    assert (settings.emergency_hours, settings.urgent_days, settings.routine_days,
            settings.untouched_alert_hours) == (12, 5, 20, 24)
    repair = report(tenant_person, "door-lock")  # urgent
    assert round((repair.deadline - repair.created_at).total_seconds() / 86400) == 5
    event = AuditEvent.objects.get(action="repairs.deadlines_changed")
    assert event.data["urgent_days"] == {"old": 7, "new": 5}


def test_a_deadline_out_of_bounds_is_refused(client, manager, catalogue):
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-deadlines"), {
        "version": 1, "emergency_hours": 0, "urgent_days": 5, "routine_days": 20, "untouched_alert_hours": 24})
    assert response.status_code == 200
    assert RepairSettings.objects.count() == 0


def test_deadlines_saved_by_someone_else_first_are_not_overwritten(client, manager, administrator, catalogue):
    configuration.change_deadlines(acting=Acting(user=administrator), expected_version=1, emergency_hours=24,
                                   urgent_days=3, routine_days=30, untouched_alert_hours=48)
    with pytest.raises(StaleEdit):
        configuration.change_deadlines(acting=Acting(user=manager), expected_version=1, emergency_hours=24,
                                       urgent_days=10, routine_days=30, untouched_alert_hours=48)
    client.force_login(manager)
    response = client.post(reverse("backoffice:repair-deadlines"), {
        "version": 1, "emergency_hours": 24, "urgent_days": 10, "routine_days": 30, "untouched_alert_hours": 48})
    assert response.status_code == 200
    assert RepairSettings.current().urgent_days == 3


def test_a_request_can_be_reclassified_away_from_a_retired_problem_but_not_into_one(agent, manager, tenant_person,
                                                                                   tenancy, catalogue):
    from palier.backoffice.repair_views import ReclassifyForm

    repair = report(tenant_person, "kitchen-cupboard")
    retired = Problem.objects.get(code="kitchen-cupboard")
    configuration.retire_problem(acting=Acting(user=manager), problem=retired, expected_version=retired.version)
    other = Problem.objects.get(code="window-shutter")
    configuration.retire_problem(acting=Acting(user=manager), problem=other, expected_version=other.version)
    offered = ReclassifyForm(repair=repair).fields["problem"].queryset
    assert retired in offered and other not in offered
