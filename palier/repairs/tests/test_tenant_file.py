"""The household's repair requests on its back-office tenant file."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from palier.core.acting import Acting
from palier.repairs.models import Status
from palier.repairs.services import change_status

from .helpers import report

pytestmark = pytest.mark.django_db


def _close(repair, user):
    change_status(acting=Acting(user=user), repair=repair, status=Status.CLOSED, expected_version=repair.version)


def test_the_tenant_file_lists_open_requests_first_with_state_deadline_and_link(client, agent, tenant_person,
                                                                                 tenancy):
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        late = report(tenant_person, "elec-socket")  # routine: 30 days, late now
        closed = report(tenant_person, "kitchen-cupboard")
    _close(closed, agent)
    urgent = report(tenant_person, "door-lock")
    client.force_login(agent)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    section = page[page.index('id="repairs-title"'):]
    assert section.index(late.reference) < section.index(urgent.reference) < section.index(closed.reference)
    assert reverse("backoffice:repair-detail", args=[urgent.pk]) in section
    assert "en retard" in section
    assert "Clôturée" in section


def test_an_accountant_sees_the_tenant_file_without_the_repairs(client, accountant, tenant_person, tenancy):
    report(tenant_person, "door-lock")
    client.force_login(accountant)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert 'id="repairs-title"' not in page


def test_the_tenant_file_takes_as_many_queries_with_one_or_twenty_requests(client, agent, tenant_person, tenancy,
                                                                          django_assert_max_num_queries):
    report(tenant_person, "door-lock")
    client.force_login(agent)
    url = reverse("backoffice:tenant-detail", args=[tenancy.pk])
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(20):
        report(tenant_person, "kitchen-cupboard")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Seules les demandes les plus récentes sont affichées." in page
