"""Income documents at the kiosk, one question per page, each page checked (axe-core, 320 px,
CSP); and the portal's pages without JavaScript."""

import datetime as dt
from functools import partial

import pytest
from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.income.models import IncomeDocument, Status
from palier.income.services import open_campaign

from .helpers import check_page, copy_client_cookies, sign_in
from .helpers import submit as submit_form

pytestmark = pytest.mark.browser
KIOSK_SCREEN = {"width": 1080, "height": 1280}
PDF = b"%PDF-1.7\n% kiosk scan\n%%EOF\n"


# These pages can hold more than one form: the journey's own is the last.
submit = partial(submit_form, last=True)


def _ask(agent, tenancy):
    return open_campaign(acting=Acting(user=agent), year=2031, agency=tenancy.dwelling.building.estate.agency,
                         deadline=timezone.localdate() + dt.timedelta(days=30))


def test_a_tenant_sends_her_income_documents_at_the_kiosk(new_context, kiosk_client, tenant, tenancy, agent):
    campaign = _ask(agent, tenancy)
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    page.goto("/kiosk/documents/income/")
    check_page(page)
    page.goto("/kiosk/documents/income/send/")
    check_page(page)
    page.locator("input[name=document]").set_input_files(
        {"name": "avertissement.pdf", "mimeType": "application/pdf", "buffer": PDF})
    submit(page)
    assert page.url.endswith("/kiosk/documents/income/")
    check_page(page)
    page.goto("/kiosk/documents/income/done/")
    check_page(page)
    submit(page)
    request = campaign.requests.get(household=tenancy.household)
    assert request.status == Status.HANDED_IN
    assert IncomeDocument.objects.get(request=request).channel == "kiosk"


def test_the_portal_pages_work_without_javascript(new_context, tenant, tenancy, agent):
    _ask(agent, tenancy)
    context = new_context(java_script_enabled=False)
    sign_in(context, tenant)
    page = context.new_page()
    page.goto("/documents/income/send/")
    page.locator("input[name=document]").set_input_files(
        {"name": "fiche.pdf", "mimeType": "application/pdf", "buffer": PDF})
    submit(page)
    assert "fiche.pdf" in page.content()
