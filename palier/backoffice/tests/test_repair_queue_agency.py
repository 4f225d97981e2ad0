"""Staff covering several agencies filter the repair queue by agency; a technician reads his day:
the visits booked today on his requests, in time order."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.repairs.models import RepairRequest
from palier.repairs.services import assign_request
from palier.repairs.tests.helpers import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_person(other_agency):
    building = t.building(t.estate(other_agency, name="Cité des Acacias"), name="Bloc C", street="Rue des Acacias")
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit="2C"), name="Janssens", number="2609999")
    return t.person(tenancy.household, "Els", "Janssens", language="nl")


def _queue(client, **params):
    return client.get(reverse("backoffice:repair-queue"), params).content.decode()


def test_a_manager_of_two_agencies_filters_the_queue_by_agency(client, sign_in, manager, agency, other_agency,
                                                              tenant_person, far_person):
    other_agency.staff.add(manager)
    here = report(tenant_person, "door-lock")
    there = report(far_person, "door-lock", user=manager, channel="phone")
    sign_in(manager)
    both = _queue(client)
    assert here.reference in both and there.reference in both
    assert 'name="agency"' in both
    only_there = _queue(client, agency=other_agency.pk)
    assert there.reference in only_there and here.reference not in only_there
    only_here = _queue(client, agency=agency.pk)
    assert here.reference in only_here and there.reference not in only_here


def test_an_agency_that_is_not_ones_own_is_not_offered_and_shows_nothing_of_it(client, sign_in, agent, manager,
                                                                               agency, other_agency,
                                                                               tenant_person, far_person):
    other_agency.staff.add(manager)
    there = report(far_person, "door-lock", user=manager, channel="phone")
    sign_in(agent)
    page = _queue(client)
    # One agency: nothing to choose, no filter shown.
    assert 'name="agency"' not in page
    page = _queue(client, agency=other_agency.pk)
    assert there.reference not in page
    assert other_agency.name not in page


def test_the_agency_filter_keeps_the_queue_within_its_query_budget(client, sign_in, manager, agency, other_agency,
                                                                  tenant_person, far_person,
                                                                  django_assert_max_num_queries):
    other_agency.staff.add(manager)
    for _ in range(3):
        report(tenant_person, "door-lock")
    sign_in(manager)
    _queue(client, agency=agency.pk)
    with django_assert_max_num_queries(12) as few:
        _queue(client, agency=agency.pk)
    for _ in range(10):
        report(tenant_person, "kitchen-cupboard")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _queue(client, agency=agency.pk)


def test_my_day_lists_todays_visits_on_my_requests_in_time_order(client, sign_in, agent, technician,
                                                                 tenant_person):
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    late, early, tomorrow, not_mine = (report(tenant_person, code) for code in
                                       ("door-lock", "elec-socket", "kitchen-cupboard", "bath-flush"))
    for repair in (late, early, tomorrow):
        repair.refresh_from_db()
        assign_request(acting=Acting(user=agent), repair=repair, assignee=technician, expected_version=repair.version)
    # Appointments are written directly: set_appointment refuses a moment already past.
    RepairRequest.objects.filter(pk=late.pk).update(appointment_at=today + dt.timedelta(hours=15))
    RepairRequest.objects.filter(pk=early.pk).update(appointment_at=today + dt.timedelta(hours=8, minutes=30))
    RepairRequest.objects.filter(pk=tomorrow.pk).update(appointment_at=today + dt.timedelta(days=1, hours=9))
    RepairRequest.objects.filter(pk=not_mine.pk).update(appointment_at=today + dt.timedelta(hours=10))
    sign_in(technician)
    page = client.get(reverse("backoffice:repair-my-day")).content.decode()
    assert early.reference in page and late.reference in page
    assert page.index(early.reference) < page.index(late.reference)
    assert "08:30" in page and "15:00" in page
    assert tomorrow.reference not in page and not_mine.reference not in page


def test_my_day_without_visits_says_so(client, sign_in, technician):
    sign_in(technician)
    page = client.get(reverse("backoffice:repair-my-day")).content.decode()
    assert "No visit booked for you today." in page
