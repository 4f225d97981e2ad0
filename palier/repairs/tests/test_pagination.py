"""The repair lists page with the shared pagination: the next page keeps the filters."""

import pytest
from django.urls import reverse

from palier.backoffice import repair_views as backoffice_views
from palier.portal import repair_views as portal_views
from palier.repairs.models import Contractor
from palier.works import views as works_views
from palier.works.tests.test_work_orders import order_for

from .helpers import report

pytestmark = pytest.mark.django_db


def test_the_queue_s_next_page_keeps_the_priority_filter(client, agent, tenant_person, tenancy, monkeypatch):
    monkeypatch.setattr(backoffice_views, "PAGE_SIZE", 2)
    for _ in range(3):
        report(tenant_person, "door-lock")
    client.force_login(agent)
    page = client.get(reverse("backoffice:repair-queue"), {"priority": "urgent"}).content.decode()
    assert "Page 1 sur 2" in page
    assert 'href="?priority=urgent&amp;page=2" rel="next"' in page


def test_the_tenant_s_older_requests_are_one_link_away(client, tenant, tenant_person, tenancy, monkeypatch):
    monkeypatch.setattr(portal_views, "PAGE_SIZE", 2)
    first = report(tenant_person, "kitchen-cupboard")
    for _ in range(2):
        report(tenant_person, "door-lock")
    client.force_login(tenant)
    page = client.get(reverse("portal:repairs")).content.decode()
    assert first.reference not in page and 'href="?page=2" rel="next"' in page
    assert first.reference in client.get(reverse("portal:repairs"), {"page": 2}).content.decode()


def test_the_contractor_s_next_page_keeps_all_orders_shown(client, contractor, agent, tenant_person, tenancy,
                                                            monkeypatch):
    monkeypatch.setattr(works_views, "PAGE_SIZE", 1)
    firm = Contractor.objects.create(name="BatiPro SRL")
    firm.users.add(contractor)
    order_for(firm, tenant_person, agent)
    order_for(firm, tenant_person, agent, "bath-flush")
    client.force_login(contractor)
    page = client.get(reverse("works:home"), {"show": "all"}).content.decode()
    assert 'href="?show=all&amp;page=2" rel="next"' in page
