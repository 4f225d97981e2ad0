"""The front-end budget (DESIGN.md): a tenant page weighs at most 60 KB on a first visit, HTML,
CSS and JavaScript together, compressed."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="/static/([^"]+)"')


def first_visit_weight(html: str) -> int:
    total = len(gzip.compress(html.encode()))
    for path in set(ASSET.findall(html)):
        with open(finders.find(path), "rb") as asset:
            total += len(gzip.compress(asset.read()))
    return total


def test_the_tenant_home_page_stays_within_60_kb(client, tenant, tenancy):
    client.force_login(tenant)
    html = client.get(reverse("portal:home")).content.decode()
    assert "/static/palier/css/palier.css" in html
    assert first_visit_weight(html) <= BUDGET


def test_the_kiosk_home_page_with_its_scripts_stays_within_60_kb(kiosk_client, tenant, tenancy):
    kiosk_client.force_login(tenant)
    session = kiosk_client.session
    session["palier_kiosk"] = True
    session.save()
    html = kiosk_client.get(reverse("kiosk:tenant-home")).content.decode()
    assert "timeout.js" in html
    assert first_visit_weight(html) <= BUDGET
