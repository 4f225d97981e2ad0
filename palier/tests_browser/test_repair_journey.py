"""Reporting a repair in a real browser, one question per page, each screen checked (axe-core,
320 px, CSP); then following it."""

import io
from functools import partial

import pytest

from palier.repairs.models import RepairRequest, Status

from .helpers import check_page, sign_in
from .helpers import submit as submit_form

pytestmark = pytest.mark.browser


# These pages can hold more than one form: the journey's own is the last.
submit = partial(submit_form, last=True)


def signed_in_page(new_context, user, *, at: str):
    """A tab of a fresh browser context where `user` is signed in, opened at `at`."""
    context = new_context()
    sign_in(context, user)
    page = context.new_page()
    page.goto(at)
    return page


def photo_file(tmp_path):
    from PIL import Image

    path = tmp_path / "fuite.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 200)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_tenant_reports_a_leak_on_the_web_one_question_per_page(new_context, tenant, tenant_person, tenancy,
                                                                    tmp_path):
    page = signed_in_page(new_context, tenant, at="/repairs/")
    with page.expect_navigation():
        page.locator("main a[href$='/repairs/new/?restart=1']").click()
    check_page(page)
    page.locator("input[value=bathroom]").check()
    submit(page)
    check_page(page)
    page.locator("input[value=bath-shower-leak]").check()
    submit(page)
    assert page.url.endswith("/repairs/new/since/")
    check_page(page)
    page.locator("input[value=days]").check()
    page.locator("textarea[name=description]").fill("The seal leaks into the kitchen below.")
    submit(page)
    check_page(page)
    page.locator("input[type=file]").set_input_files(str(photo_file(tmp_path)))
    submit(page, "button[name=add]")
    assert page.locator("main img").count() == 1
    check_page(page)
    submit(page)
    assert page.url.endswith("/repairs/new/access/")
    check_page(page)
    page.locator("input[value=morning]").check()
    submit(page)
    check_page(page)
    submit(page)  # Amina's own ways, chosen in her details, are ticked already
    assert page.url.endswith("/repairs/new/check/")
    check_page(page)
    assert "The seal leaks into the kitchen below." in page.locator("main").inner_text()
    submit(page)
    check_page(page)
    repair = RepairRequest.objects.get()
    assert repair.reference in page.locator("main").inner_text()
    assert repair.photos.count() == 1
    with page.expect_navigation():
        page.locator(f"main a[href$='/repairs/{repair.pk}/']").click()
    check_page(page)
    assert "Reçue" in page.locator("main").inner_text()


def test_a_tenant_sees_the_emergency_number_then_says_me_too_for_the_lift(new_context, tenant, tenancy, building,
                                                                           landlord):
    from palier import testing as t
    from palier.core.acting import Acting
    from palier.repairs.models import Problem
    from palier.repairs.services import report_repair

    _, other = t.household_with_tenancy(t.dwelling(building, unit="5A"), name="Diallo")
    neighbour = t.person(other.household, "Awa", "Diallo")
    lift = report_repair(acting=Acting(user=neighbour.user), person=neighbour,
                         problem=Problem.objects.get(code="common-lift-down"), since="today")
    page = signed_in_page(new_context, tenant, at="/repairs/new/")
    assert landlord.emergency_phone in page.locator("main").inner_text()
    page.locator("input[value=heating]").check()
    submit(page)
    page.locator("input[value=heat-gas-smell]").check()
    submit(page)
    assert page.url.endswith("/repairs/new/emergency/")
    check_page(page)
    assert "0800 87 087" in page.locator("main").inner_text()
    page.goto("/repairs/new/")
    page.locator("input[value=common_areas]").check()
    submit(page)
    page.locator("input[value=common-light]").check()
    submit(page)
    assert page.url.endswith("/repairs/new/building/")
    check_page(page)
    submit(page, f"main form[action$='/repairs/{lift.pk}/me-too/'] button")
    check_page(page)
    assert page.url.endswith(f"/repairs/{lift.pk}/")
    assert lift.followers.filter(person__user=tenant).exists()


def test_a_tenant_says_the_repair_is_not_fixed(new_context, tenant, tenant_person, tenancy, agent):
    from palier.core.acting import Acting
    from palier.repairs.models import Problem
    from palier.repairs.services import change_status, report_repair

    repair = report_repair(acting=Acting(user=tenant), person=tenant_person,
                           problem=Problem.objects.get(code="door-lock"), since="today")
    change_status(acting=Acting(user=agent), repair=repair, status=Status.DONE, expected_version=repair.version)
    page = signed_in_page(new_context, tenant, at=f"/repairs/{repair.pk}/")
    with page.expect_navigation():
        page.locator(f"main a[href$='/repairs/{repair.pk}/fixed/']").click()
    check_page(page)
    page.locator("input[name=fixed][value=no]").check()
    page.locator("input[name=rating][value='2']").check()
    submit(page)
    check_page(page)
    repair.refresh_from_db()
    assert repair.status == Status.RECEIVED and repair.rating == 2


KIOSK_SCREEN = {"width": 1080, "height": 1280}


def test_a_tenant_reports_a_broken_lock_at_the_kiosk_and_follows_it(new_context, kiosk_client, tenant, tenant_person,
                                                                    tenancy, agent, landlord):
    """The same questions on the kiosk's large screen, without photos; every screen checked. The
    emergency, "me too" and "is it fixed?" screens are checked too."""
    from palier import testing as t
    from palier.core.acting import Acting
    from palier.repairs.models import Problem
    from palier.repairs.services import change_status, report_repair

    from .helpers import copy_client_cookies

    _, other = t.household_with_tenancy(t.dwelling(tenancy.dwelling.building, unit="5A"), name="Diallo")
    neighbour = t.person(other.household, "Awa", "Diallo")
    lift = report_repair(acting=Acting(user=neighbour.user), person=neighbour,
                         problem=Problem.objects.get(code="common-lift-down"), since="today")
    context = new_context(viewport=KIOSK_SCREEN)
    copy_client_cookies(context, kiosk_client)
    page = context.new_page()
    page.goto("/kiosk/sign-in/")
    page.locator("input[name=number]").fill(tenancy.number)
    submit(page)
    page.locator("input[name=pin]").fill(t.PIN)
    submit(page)
    with page.expect_navigation():
        page.locator("main a[href$='/kiosk/repairs/']").first.click()
    check_page(page)
    with page.expect_navigation():
        page.locator("main a[href*='/kiosk/repairs/new/']").click()
    check_page(page)
    page.locator("input[value=heating]").check()
    submit(page)
    check_page(page)
    page.locator("input[value=heat-none]").check()
    submit(page)
    assert page.url.endswith("/kiosk/repairs/new/emergency/")
    check_page(page)
    assert landlord.emergency_phone in page.locator("main").inner_text()
    page.goto("/kiosk/repairs/new/")
    page.locator("input[value=common_areas]").check()
    submit(page)
    page.locator("input[value=common-light]").check()
    submit(page)
    assert page.url.endswith("/kiosk/repairs/new/building/")
    check_page(page)
    page.goto("/kiosk/repairs/new/")
    page.locator("input[value=doors_windows]").check()
    submit(page)
    page.locator("input[value=door-lock]").check()
    submit(page)
    check_page(page)
    page.locator("input[value=today]").check()
    submit(page)
    assert page.url.endswith("/kiosk/repairs/new/access/")
    check_page(page)
    page.locator("input[value=any]").check()
    submit(page)
    check_page(page)
    submit(page)
    check_page(page)
    submit(page)
    assert page.url.endswith("/kiosk/repairs/new/done/")
    check_page(page)
    repair = RepairRequest.objects.exclude(pk=lift.pk).get()
    assert repair.channel == "kiosk"
    page.goto(f"/kiosk/repairs/{repair.pk}/")
    check_page(page)
    page.goto(f"/kiosk/repairs/{repair.pk}/add/")
    check_page(page)
    page.goto(f"/kiosk/repairs/{repair.pk}/cancel/")
    check_page(page)
    change_status(acting=Acting(user=agent), repair=repair, status=Status.DONE, expected_version=repair.version)
    page.goto(f"/kiosk/repairs/{repair.pk}/fixed/")
    check_page(page)
    page.locator("input[name=fixed][value=yes]").check()
    page.locator("input[name=rating][value='5']").check()
    submit(page)
    repair.refresh_from_db()
    assert repair.status == Status.CLOSED and repair.rating == 5


def test_a_manager_makes_the_tenant_responsible_for_a_problem_and_retires_another(new_context, manager):
    from palier.repairs.models import Problem

    page = signed_in_page(new_context, manager, at="/staff/repairs/catalogue/")
    check_page(page)
    shutter = Problem.objects.get(code="window-shutter")
    with page.expect_navigation():
        page.locator(f"main a[href$='/repairs/catalogue/{shutter.pk}/']").click()
    check_page(page)
    page.locator("select[name=responsible]").select_option("tenant")
    page.locator("input[name=pictogram][value=key]").check()
    submit(page, "main form:not([action]) button[type=submit]")
    assert page.url.endswith("/staff/repairs/catalogue/")
    shutter.refresh_from_db()
    assert (shutter.responsible, shutter.pictogram) == ("tenant", "key")
    cupboard = Problem.objects.get(code="kitchen-cupboard")
    page.goto(f"/staff/repairs/catalogue/{cupboard.pk}/")
    submit(page, f"main form[action$='/repairs/catalogue/{cupboard.pk}/retire/'] button")
    check_page(page)
    cupboard.refresh_from_db()
    assert not cupboard.active
