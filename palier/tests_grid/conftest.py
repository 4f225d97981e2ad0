from types import SimpleNamespace

import pytest
from django.test import Client

from palier import testing as t

from .framework import PERSONAS
from .mandate_world import *  # noqa: F403  # the mandate personas' fixtures
from .mandate_world import MANDATE_WORLD, PERSONA_SESSIONS

# The people and things every row's arguments are built from: the root conftest's personas, and
# a few objects out of Marolles' reach (an estate, a tenancy and a kiosk of Agence Schaerbeek).
WORLD = (
    "tenant", "cotenant", "neighbour", "helper", "agent", "other_agent", "technician", "contractor", "accountant",
    "inclusion_officer", "manager", "administrator", "dpo", "tenancy", "neighbour_tenancy", "tenant_person",
    "cotenant_person", "neighbour_person", "agency", "other_agency", "estate", "building", "kiosk_device",
    "far_estate", "far_building", "far_tenancy", "far_kiosk", "announcement", "far_announcement",
    "callback", "far_callback",
) + MANDATE_WORLD


@pytest.fixture
def far_estate(other_agency):
    return t.estate(other_agency, name="Cité des Acacias")


@pytest.fixture
def far_building(far_estate):
    return t.building(far_estate, name="Bloc C", street="Rue des Acacias", number="7")


@pytest.fixture
def far_tenancy(far_building, other_agent):
    _, tenancy = t.household_with_tenancy(t.dwelling(far_building, unit="2C"), name="Janssens", officer=other_agent,
                                          number="2609999")
    t.person(tenancy.household, "Els", "Janssens", language="nl")
    return tenancy


@pytest.fixture
def far_kiosk(far_estate):
    from palier.estates.models import Kiosk

    return Kiosk.objects.create(name="Borne Acacias", estate=far_estate)


@pytest.fixture
def announcement(agent, building):
    from palier.contact.services import publish_announcement
    from palier.core.acting import Acting

    return publish_announcement(acting=Acting(user=agent), target="building", building=building,
                                texts={"fr": ("Ascenseur en panne", "Le technicien passe jeudi.")})


@pytest.fixture
def far_announcement(other_agent, far_building):
    from palier.contact.services import publish_announcement
    from palier.core.acting import Acting

    return publish_announcement(acting=Acting(user=other_agent), target="building", building=far_building,
                                texts={"fr": ("Nettoyage des caves", "Lundi matin.")})


@pytest.fixture
def callback(tenant, tenant_person, tenancy):
    from palier.contact.services import request_callback
    from palier.core.acting import Acting

    return request_callback(acting=Acting(user=tenant), person=tenant_person, phone="0470 12 34 56",
                            when="morning", note="")


@pytest.fixture
def far_callback(far_tenancy):
    from palier.contact.services import request_callback
    from palier.core.acting import Acting

    person = far_tenancy.household.persons.first()
    return request_callback(acting=Acting.system(), person=person, phone="0470 98 76 54", when="any", note="")


@pytest.fixture
def world(request, db):
    return SimpleNamespace(**{name: request.getfixturevalue(name) for name in WORLD})


@pytest.fixture
def client_as(request, world):
    """A test client for a persona of the grid: anonymous, a signed-in person, or the kiosk device
    (enrolled, nobody signed in)."""

    def make(persona: str) -> Client:
        assert persona in PERSONAS, persona
        if persona == "kiosk":
            return request.getfixturevalue("kiosk_client")
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
            if persona in PERSONA_SESSIONS:
                PERSONA_SESSIONS[persona](client, world)
        return client

    return make
