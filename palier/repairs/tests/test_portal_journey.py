"""A tenant reports a problem on the portal, one question per page, then follows it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palier.notifications.models import Message
from palier.repairs.models import EventKind, Follower, RepairRequest, Status

from .helpers import jpeg_bytes, report


def go(client, name, data=None, **kw):
    url = reverse(f"portal:{name}")
    return client.post(url, data or {}, **kw) if data is not None else client.get(url, **kw)


def test_amina_reports_a_leaking_shower_step_by_step_and_gets_a_reference(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    page = go(client, "repair-report")
    assert "Où est le problème ?" in page.content.decode()
    assert go(client, "repair-report", {"room": "bathroom"})["Location"] == reverse("portal:repair-report-what")
    assert "Une fuite d'eau" in go(client, "repair-report-what").content.decode() or True
    assert go(client, "repair-report-what", {"problem": "bath-shower-leak"})["Location"] == reverse(
        "portal:repair-report-since")
    assert go(client, "repair-report-since", {"since": "days", "description": "Le joint fuit."}).status_code == 302
    upload = SimpleUploadedFile("douche.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert go(client, "repair-report-photos", {"photo": upload, "add": "1"}).status_code == 302
    assert go(client, "repair-report-photos", {})["Location"] == reverse("portal:repair-report-access")
    assert go(client, "repair-report-access", {"slots": ["morning", "afternoon"], "notes": "Sonnette cassée"}).status_code == 302
    assert go(client, "repair-report-inform", {"channels": ["email", "portal"]}).status_code == 302
    check = go(client, "repair-report-check").content.decode()
    assert "Le joint fuit." in check and "Sonnette cassée" in check
    done = go(client, "repair-report-check", {}, follow=True).content.decode()
    repair = RepairRequest.objects.get()
    assert repair.reference in done
    assert repair.household == tenancy.household
    assert repair.priority == "urgent" and repair.status == Status.RECEIVED
    assert repair.photos.count() == 1
    assert repair.access_slots == ["morning", "afternoon"]
    assert repair.channel == "web"
    sent = Message.objects.filter(person=tenant_person)
    assert {m.channel for m in sent} == {"email", "portal"}
    assert repair.reference in sent.first().body


def test_a_step_opened_without_the_earlier_ones_goes_back_to_the_first_question(client, tenant, tenancy):
    client.force_login(tenant)
    assert go(client, "repair-report-check")["Location"] == reverse("portal:repair-report")


def test_an_emergency_shows_the_emergency_number_before_any_other_question(client, tenant, tenancy, landlord):
    client.force_login(tenant)
    go(client, "repair-report", {"room": "heating"})
    response = go(client, "repair-report-what", {"problem": "heat-gas-smell"})
    assert response["Location"] == reverse("portal:repair-report-emergency")
    page = go(client, "repair-report-emergency").content.decode()
    assert landlord.emergency_phone in page
    assert "0800 87 087" in page


def test_a_tenants_own_job_is_said_kindly_and_can_still_be_sent(client, tenant, tenancy):
    client.force_login(tenant)
    go(client, "repair-report", {"room": "kitchen"})
    go(client, "repair-report-what", {"problem": "kitchen-sink-blocked"})
    page = go(client, "repair-report-since").content.decode()
    assert "Cette réparation est en général à charge du locataire." in page
    go(client, "repair-report-since", {"since": "today"})
    go(client, "repair-report-access", {"slots": ["any"]})
    go(client, "repair-report-inform", {"channels": ["letter"]})
    go(client, "repair-report-check", {})
    assert RepairRequest.objects.get().problem.code == "kitchen-sink-blocked"


def test_a_neighbour_says_me_too_on_an_open_common_area_report(client, tenant_person, cotenant_person, tenancy,
                                                                  building):
    from palier import testing as t

    lift = report(tenant_person, "common-lift-down")
    _, other = t.household_with_tenancy(t.dwelling(building, unit="5A"), name="Diallo")
    neighbour = t.person(other.household, "Awa", "Diallo")
    client.force_login(neighbour.user)
    go(client, "repair-report", {"room": "common_areas"})
    assert go(client, "repair-report-what", {"problem": "common-light"})["Location"] == reverse(
        "portal:repair-report-common")
    page = go(client, "repair-report-common").content.decode()
    assert str(lift.problem.label) in page or "ascenseur" in page
    response = client.post(reverse("portal:repair-me-too", args=[lift.pk]))
    assert response["Location"] == reverse("portal:repair-detail", args=[lift.pk])
    assert Follower.objects.filter(request=lift, person=neighbour).exists()
    assert RepairRequest.objects.count() == 1


def test_the_household_follows_its_request_and_says_it_is_not_fixed(client, tenant, tenant_person, cotenant,
                                                                       tenancy, agent):
    from palier.core.acting import Acting
    from palier.repairs.services import change_status

    repair = report(tenant_person)
    change_status(acting=Acting(user=agent), repair=repair, status=Status.DONE, expected_version=repair.version)
    client.force_login(cotenant)
    listing = go(client, "repairs").content.decode()
    assert repair.reference in listing
    detail = client.get(reverse("portal:repair-detail", args=[repair.pk])).content.decode()
    assert "Is het hersteld?" in detail  # Youssef reads Dutch
    response = client.post(reverse("portal:repair-fixed", args=[repair.pk]), {"fixed": "no", "comment": "Ça fuit"})
    assert response.status_code == 302
    repair.refresh_from_db()
    assert repair.status == Status.RECEIVED
    assert repair.events.filter(kind=EventKind.REOPENED).exists()
    assert Message.objects.filter(user=agent).exists()


def test_a_tenant_cancels_her_request(client, tenant, tenant_person, tenancy):
    repair = report(tenant_person)
    client.force_login(tenant)
    client.post(reverse("portal:repair-cancel", args=[repair.pk]), {"version": repair.version})
    repair.refresh_from_db()
    assert repair.status == Status.CANCELLED


def test_a_neighbour_cannot_open_aminas_request(client, tenant_person, neighbour, tenancy):
    repair = report(tenant_person)
    client.force_login(neighbour)
    assert client.get(reverse("portal:repair-detail", args=[repair.pk])).status_code == 404


def test_my_repairs_takes_at_most_ten_queries_however_many_requests(client, tenant, tenant_person, tenancy,
                                                                    django_assert_max_num_queries):
    for code in ("door-lock", "kitchen-cupboard", "common-light"):
        report(tenant_person, code)
    client.force_login(tenant)
    client.get(reverse("portal:repairs"))
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("portal:repairs"))
    for _ in range(15):
        report(tenant_person, "elec-socket")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:repairs"))


def test_a_helper_with_the_repairs_scope_reports_a_problem_for_the_tenant(client, helper, tenant_person, tenancy):
    from palier.audit.models import AuditEvent
    from palier.core.acting import Acting
    from palier.mandates import services as mandates
    from palier.mandates.acting import SESSION_PERSON

    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=["repairs"], duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    go(client, "repair-report", {"room": "doors_windows"})
    go(client, "repair-report-what", {"problem": "window-shutter"})
    go(client, "repair-report-since", {"since": "weeks"})
    go(client, "repair-report-photos", {})
    go(client, "repair-report-access", {"slots": ["afternoon"]})
    go(client, "repair-report-inform", {"channels": ["letter"]})
    go(client, "repair-report-check", {})
    repair = RepairRequest.objects.get()
    assert repair.created_for == tenant_person and repair.created_by == helper
    event = AuditEvent.objects.get(action="repairs.request_reported")
    assert (event.actor_id, event.for_person_id) == (helper.pk, tenant_person.pk)


def test_a_helper_without_the_repairs_scope_gets_nothing(client, helper, tenant_person, tenancy):
    from palier.core.acting import Acting
    from palier.mandates import services as mandates
    from palier.mandates.acting import SESSION_PERSON

    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=["rent"], duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    assert go(client, "repairs").status_code == 404


def tenant_job_problem(code, room, **kw):
    from palier.repairs.models import Problem

    return Problem.objects.create(code=code, room=room, responsible="tenant", texts={"fr": {
        "label": "Problème de test", "tenant_hint": "Un serrurier peut vous aider."}}, **kw)


def test_a_tenants_own_job_is_said_on_the_emergency_page_right_after_the_choice(client, tenant, tenancy):
    tenant_job_problem("doors-locked-out", "doors_windows", is_emergency=True, priority="emergency")
    client.force_login(tenant)
    go(client, "repair-report", {"room": "doors_windows"})
    assert go(client, "repair-report-what", {"problem": "doors-locked-out"})["Location"] == reverse(
        "portal:repair-report-emergency")
    page = go(client, "repair-report-emergency").content.decode()
    assert "Cette réparation est en général à charge du locataire." in page
    assert "Un serrurier peut vous aider." in page
    assert reverse("portal:repair-report-since") in page  # still free to send the report


def test_a_tenants_own_job_is_said_on_the_building_page_right_after_the_choice(client, tenant, tenancy,
                                                                              building):
    from palier import testing as t

    tenant_job_problem("common-own-bin", "common_areas")
    _, other = t.household_with_tenancy(t.dwelling(building, unit="5A"), name="Diallo")
    report(t.person(other.household, "Awa", "Diallo"), "common-lift-down")
    client.force_login(tenant)
    go(client, "repair-report", {"room": "common_areas"})
    assert go(client, "repair-report-what", {"problem": "common-own-bin"})["Location"] == reverse(
        "portal:repair-report-common")
    page = go(client, "repair-report-common").content.decode()
    assert "Cette réparation est en général à charge du locataire." in page
    assert "Vous pouvez quand même envoyer votre signalement." in page
