"""Every change to a repair reaches the people it concerns: the firm sent a work order, the
technician given a request, and the household (and its "me too" neighbours) in plain words."""

from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.core.formats import format_date
from palier.notifications.models import Message
from palier.repairs.models import Contractor, Priority, Problem, Team
from palier.repairs.services import add_me_too, assign_request, merge_requests, raise_work_order, reclassify

from .helpers import report


def send_work_order(agent, repair, contractor, scope="Remplacer le cylindre"):
    return raise_work_order(acting=Acting(user=agent), repair=repair, contractor=contractor, scope=scope,
                            deadline=None, expected_version=repair.version)


def test_a_work_order_is_emailed_to_the_firm_with_only_what_the_order_shows(agent, tenant_person, tenancy):
    firm = Contractor.objects.create(name="BatiPro SRL", email="atelier@batipro.example")
    repair = report(tenant_person, "door-lock", access_notes="Sonner deux fois",
                    description="Mon voisin Marc a forcé la porte.")
    order = send_work_order(agent, repair, firm)
    mail = Message.objects.get(channel="email", to="atelier@batipro.example")
    assert mail.subject == f"Nouveau bon de travail {repair.reference}"
    for shown in (repair.reference, order.address, "Remplacer le cylindre", "Sonner deux fois", "Amina Benali",
                  "+32470123456", f"/works/orders/{order.pk}/"):
        assert shown in mail.body
    for private in ("amina.benali@example.org", "Mon voisin Marc", tenancy.number):
        assert private not in mail.body
    assert mail.person is None and mail.user is None


def test_a_firm_without_an_email_address_is_told_through_its_users(agent, contractor, tenant_person, tenancy):
    firm = Contractor.objects.create(name="BatiPro SRL")
    firm.users.add(contractor)
    repair = report(tenant_person, "door-lock")
    send_work_order(agent, repair, firm)
    mail = Message.objects.get(user=contractor)
    assert (mail.channel, mail.to) == ("email", "luc@batipro.example")
    assert repair.reference in mail.body


def test_the_household_is_told_which_firm_will_do_the_work(agent, tenant_person, tenancy):
    firm = Contractor.objects.create(name="BatiPro SRL", email="atelier@batipro.example")
    repair = report(tenant_person, "door-lock")
    send_work_order(agent, repair, firm)
    told = Message.objects.get(person=tenant_person, body__contains="BatiPro SRL")
    assert told.body == (f"Votre réparation {repair.reference} est planifiée. "
                         "Nous avons demandé à l'entreprise BatiPro SRL de faire le travail.")


def test_the_technician_given_a_request_is_told_and_so_is_the_household(agent, technician, tenant_person,
                                                                           tenancy):
    repair = report(tenant_person, "door-lock")
    assign_request(acting=Acting(user=agent), repair=repair, assignee=technician, expected_version=repair.version)
    mail = Message.objects.get(user=technician)
    assert (mail.channel, mail.to) == ("email", "thomas@foyer-demo.example")
    assert mail.body.startswith(f"La réparation {repair.reference} vous est confiée")
    assert "Rue des Tilleuls 12 bte 3B" in mail.body
    told = Message.objects.get(person=tenant_person, body__contains="prise en charge")
    assert f"Votre réparation {repair.reference} est prise en charge par notre technicien Thomas Lambert." in told.body


def test_a_technician_is_not_told_twice_when_only_the_team_changes(agent, technician, tenant_person, tenancy,
                                                                    agency):
    repair = report(tenant_person, "door-lock")
    assign_request(acting=Acting(user=agent), repair=repair, assignee=technician, expected_version=repair.version)
    team = Team.objects.create(agency=agency, name="Équipe Marolles")
    assign_request(acting=Acting(user=agent), repair=repair, assignee=technician, team=team,
                   expected_version=repair.version)
    assert Message.objects.filter(user=technician).count() == 1


def test_a_request_given_to_a_team_tells_the_household_the_team(agent, tenant_person, tenancy, agency):
    team = Team.objects.create(agency=agency, name="Équipe Marolles")
    repair = report(tenant_person, "door-lock")
    assign_request(acting=Acting(user=agent), repair=repair, team=team, expected_version=repair.version)
    assert Message.objects.filter(person=tenant_person, body__contains="par notre équipe Équipe Marolles").exists()


def test_reclassifying_tells_the_household_its_new_deadline(agent, tenant_person, tenancy):
    repair = report(tenant_person, "elec-socket")
    reclassify(acting=Acting(user=agent), repair=repair, problem=repair.problem, priority=Priority.EMERGENCY,
               expected_version=repair.version)
    told = Message.objects.get(person=tenant_person, body__contains="mis à jour")
    deadline = format_date(timezone.localtime(repair.deadline).date())
    assert told.body.startswith(f"Nous avons mis à jour votre réparation {repair.reference} : ")
    assert told.body.endswith(f"Nous la ferons au plus tard le {deadline}.")


def test_reclassifying_to_the_same_problem_and_priority_tells_nobody(agent, tenant_person, tenancy):
    repair = report(tenant_person, "elec-socket")
    before = Message.objects.count()
    reclassify(acting=Acting(user=agent), repair=repair, problem=repair.problem, priority=repair.priority,
               expected_version=repair.version)
    assert Message.objects.count() == before


def test_a_merged_duplicate_tells_its_reporter_and_followers_which_request_we_handle(
        agent, tenant_person, cotenant_person, tenancy, building):
    kept = report(tenant_person, "common-lift-down")
    duplicate = report(cotenant_person, "common-lift-down")
    _, other = t.household_with_tenancy(t.dwelling(building, unit="5A"), name="Diallo")
    awa = t.person(other.household, "Awa", "Diallo")
    add_me_too(acting=Acting(user=awa.user), repair=duplicate, person=awa)
    merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept)
    # Youssef reads Dutch; Awa French.
    youssef = Message.objects.get(person=cotenant_person, body__contains=kept.reference)
    assert youssef.body.startswith(f"Uw aanvraag {duplicate.reference} is samengevoegd met aanvraag "
                                   f"{kept.reference}, die we al behandelen.")
    awa_told = Message.objects.filter(person=awa, body__contains=kept.reference)
    assert {m.channel for m in awa_told} == {"portal", "letter"}  # her own channels
    assert awa_told.first().body.startswith(f"Votre demande {duplicate.reference} a été jointe à la demande "
                                            f"{kept.reference}, que nous traitons déjà.")
    assert not Message.objects.filter(person=tenant_person, body__contains="jointe").exists()


def test_problem_words_of_a_staff_problem_are_used_in_the_notice(agent, tenant_person, tenancy):
    staff_problem = Problem.objects.create(code="x-bell", room="doors_windows",
                                           texts={"fr": {"label": "La sonnette est arrachée"}})
    repair = report(tenant_person, "door-lock")
    reclassify(acting=Acting(user=agent), repair=repair, problem=staff_problem, priority=repair.priority,
               expected_version=repair.version)
    assert Message.objects.filter(person=tenant_person, body__contains="La sonnette est arrachée").exists()
