"""Repairs for the demo: the contractors' firms and a technicians' team, and a handful of requests
of the demo households in every state, so each front end has something to show."""

import datetime as dt

from django.utils import timezone

from palier.accounts.models import Role, User
from palier.core.acting import Acting, Channel
from palier.tenancies.models import Person

from . import services
from .catalogue import ensure_catalogue
from .models import Contractor, Problem, RepairRequest, Status, Team

DEMO_TENANT = "demo-tenant"
DEMO_KIOSK_TENANT = "demo-kiosk-tenant"


def _problem(code):
    return Problem.objects.get(code=code)


def _fresh(repair):
    return RepairRequest.objects.get(pk=repair.pk)


def seed_repairs() -> int:
    """Returns the number of requests written (0 when the demo accounts are missing)."""
    ensure_catalogue()
    for user in User.objects.filter(role=Role.CONTRACTOR).exclude(organisation=""):
        firm, _ = Contractor.objects.get_or_create(name=user.organisation, defaults={"email": user.email})
        firm.users.add(user)
    person = Person.objects.filter(user__username=DEMO_TENANT).select_related("user").first()
    agent = User.objects.filter(username="demo-agent").first()
    technician = User.objects.filter(username="demo-technician").first()
    if person is None or agent is None:
        return 0
    staff = Acting(user=agent)
    tenant = Acting(user=person.user)
    agency = agent.agencies.first()
    team = None
    if agency is not None and technician is not None:
        team, _ = Team.objects.get_or_create(agency=agency, name="Équipe technique")
        team.members.add(technician)

    written = []
    leak = services.report_repair(acting=tenant, person=person, problem=_problem("bath-shower-leak"), since="days",
                                  description="L'eau coule sous la baignoire quand on prend une douche.",
                                  access_slots=["morning", "afternoon"], keep_informed=["portal", "email"])
    written.append(leak)

    socket = services.report_repair(acting=staff.on_behalf_of(person, channel=Channel.PHONE), person=person,
                                    problem=_problem("elec-socket"), since="weeks",
                                    description="La prise de la chambre des enfants est cassée.",
                                    access_slots=["afternoon"])
    if technician is not None:
        services.assign_request(acting=staff, repair=socket, assignee=technician, team=team,
                                expected_version=socket.version)
    visit = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    socket = _fresh(socket)
    services.set_appointment(acting=staff, repair=socket, at=visit, expected_version=socket.version)
    written.append(socket)

    lock = services.report_repair(acting=tenant, person=person, problem=_problem("door-lock"), since="today",
                                  access_slots=["any"], access_notes="Sonner deux fois, la sonnette est faible.")
    firm = Contractor.objects.filter(users__username="demo-contractor").first() or Contractor.objects.first()
    if firm is not None:
        services.raise_work_order(acting=staff, repair=lock, contractor=firm, scope="Remplacer le cylindre de la "
                                  "porte d'entrée.", deadline=None, expected_version=lock.version)
    written.append(lock)

    hood = services.report_repair(acting=tenant, person=person, problem=_problem("kitchen-extractor"), since="weeks")
    services.change_status(acting=staff, repair=hood, status=Status.DONE, expected_version=hood.version)
    written.append(hood)

    stain = services.report_repair(acting=tenant, person=person, problem=_problem("water-stain"), since="longer")
    services.change_status(acting=staff, repair=stain, status=Status.DONE, expected_version=stain.version)
    services.confirm_fixed(acting=tenant, repair=_fresh(stain), fixed=True, rating=4, comment="Merci, c'est sec.")
    written.append(stain)

    light = services.report_repair(acting=tenant, person=person, problem=_problem("common-light"), since="days")
    written.append(light)

    joseph = Person.objects.filter(user__username=DEMO_KIOSK_TENANT).select_related("user").first()
    if joseph is not None:
        written.append(services.report_repair(
            acting=Acting(user=joseph.user, channel=Channel.KIOSK), person=joseph, problem=_problem("heat-none"),
            since="today", access_slots=["any"], keep_informed=["letter"]))
    return len(written)
