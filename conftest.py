"""Named people who appear in every test (see CONVENTIONS.md).

Amina Benali is our tenant, living at Rue des Tilleuls 12 (Agence Marolles) with her co-tenant
Youssef. Jan Peeters is a neighbour in another building of the same estate. Sophie Laurent is a
helper from a partner association. Staff: Nadia (agent at Marolles), Pieter (agent at another
agency, Schaerbeek), Thomas (technician), BatiPro (contractor), Claire (accountant), Inès (inclusion
officer at Marolles), Marc (manager at Marolles), Alice (administrator), Hélène (data-protection
officer). And a kiosk in the common room of Cité des Tilleuls.
"""

import os

import pytest

from palier import testing as t
from palier.accounts.models import Role
from palier.tenancies.models import HouseholdRole

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Tests with real transactions (the live server of the browser tests) end by emptying every
    table. On PostgreSQL the append-only tables (audit trail, rent ledger) refuse TRUNCATE; let
    the test database's flush through, and only that."""
    transactional = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    if not transactional:
        return (yield)
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    blocker = item.config.stash[blocking_manager_key]
    if connection.vendor != "postgresql":
        return (yield)
    test_database = connection.settings_dict["NAME"]
    from palier.core.append_only import TABLES

    with blocker.unblock(), connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate")
    try:
        return (yield)
    finally:
        # After the last test the test database is gone (and the connection points elsewhere).
        if connection.settings_dict["NAME"] == test_database:
            with blocker.unblock(), connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the landlord, throttles and the like live there) and
    in the default language, whatever the test before it activated."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def landlord(db):
    return t.landlord()


@pytest.fixture
def agency(landlord):
    return t.agency()


@pytest.fixture
def other_agency(landlord):
    return t.agency(name="Agence Schaerbeek", city="Schaerbeek", postcode="1030", phone="+32 2 555 02 20")


@pytest.fixture
def estate(agency):
    return t.estate(agency)


@pytest.fixture
def building(estate):
    return t.building(estate)


@pytest.fixture
def other_building(estate):
    return t.building(estate, name="Bloc B", street="Rue des Érables", number="3")


@pytest.fixture
def agent(agency):
    return t.staff(Role.AGENT, "nadia", "Nadia", "Haddad", agencies=[agency], phone="+32 2 555 01 11")


@pytest.fixture
def other_agent(other_agency):
    return t.staff(Role.AGENT, "pieter", "Pieter", "Claes", agencies=[other_agency], language="nl")


@pytest.fixture
def technician(agency):
    return t.staff(Role.TECHNICIAN, "thomas", "Thomas", "Lambert", agencies=[agency])


@pytest.fixture
def contractor(landlord):
    return t.user(Role.CONTRACTOR, "batipro", "Luc", "Martin", email="luc@batipro.example", organisation="BatiPro SRL")


@pytest.fixture
def accountant(landlord):
    return t.staff(Role.ACCOUNTANT, "claire", "Claire", "Dubois")


@pytest.fixture
def manager(agency):
    return t.staff(Role.MANAGER, "marc", "Marc", "Lemaire", agencies=[agency])


@pytest.fixture
def inclusion_officer(agency):
    return t.staff(Role.INCLUSION_OFFICER, "ines", "Inès", "Moreau", agencies=[agency])


@pytest.fixture
def administrator(landlord):
    return t.staff(Role.ADMINISTRATOR, "alice", "Alice", "Verbeke")


@pytest.fixture
def dpo(landlord):
    """Hélène Dumont, the data-protection officer."""
    return t.staff(Role.DPO, "helene", "Hélène", "Dumont")


@pytest.fixture
def helper(landlord):
    return t.user(Role.HELPER, "sophie", "Sophie", "Laurent", email="sophie@entraide.example", organisation="Entraide Marolles")


@pytest.fixture
def tenancy(building, agent):
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit="3B", floor=3), name="Benali", officer=agent,
                                          number="2601234")
    return tenancy


@pytest.fixture
def tenant_person(tenancy):
    return t.person(tenancy.household, "Amina", "Benali", email="amina.benali@example.org", phone="+32470123456",
                    by_email=True)


@pytest.fixture
def tenant(tenant_person):
    return tenant_person.user


@pytest.fixture
def cotenant_person(tenancy, tenant_person):
    return t.person(tenancy.household, "Youssef", "Benali", role=HouseholdRole.COTENANT, language="nl")


@pytest.fixture
def cotenant(cotenant_person):
    return cotenant_person.user


@pytest.fixture
def neighbour_tenancy(other_building, agent):
    _, tenancy = t.household_with_tenancy(t.dwelling(other_building, unit="1A"), name="Peeters", officer=agent,
                                          number="2605678")
    return tenancy


@pytest.fixture
def neighbour_person(neighbour_tenancy):
    return t.person(neighbour_tenancy.household, "Jan", "Peeters", language="nl", phone="+32471987654")


@pytest.fixture
def neighbour(neighbour_person):
    return neighbour_person.user


@pytest.fixture
def common_room(estate):
    from palier.estates.models import CommonArea

    return CommonArea.objects.create(estate=estate, name="Salle commune", kind="digital_space")


@pytest.fixture
def kiosk_device(estate, common_room):
    from palier.estates.models import Kiosk

    return Kiosk.objects.create(name="Borne salle commune", estate=estate, common_area=common_room)


@pytest.fixture
def sms_outbox():
    """Text messages sent through the "memory" SMS backend, like django.core.mail.outbox."""
    from palier.notifications import sms

    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def kiosk_client(client, kiosk_device):
    """A test client that is the registered kiosk: enrolled through the kiosk service, carrying
    its device cookie."""
    from palier.core.acting import Acting
    from palier.estates import kiosks
    from palier.kiosk.middleware import COOKIE_NAME

    token = kiosks.issue_enrolment(acting=Acting.system(), kiosk=kiosk_device)
    kiosk, secret = kiosks.enrol_device(acting=Acting.system(), token=token)
    client.cookies[COOKIE_NAME] = kiosks.credential_for(kiosk, secret)
    return client
