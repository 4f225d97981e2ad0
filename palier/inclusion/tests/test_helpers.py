"""A helper with the "workshops" scope takes a workshop place and books a room for the tenant;
without that scope, the workshop pages are not found."""

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.inclusion import testing as it
from palier.inclusion.models import EnrolmentState, SpaceBooking
from palier.mandates import services as mandates


@pytest.fixture
def offer(agency, estate, inclusion_officer, tenancy):
    workshop = it.workshop(agency, inclusion_officer)
    return {"session": it.session(workshop, inclusion_officer, estate=estate), "space": it.space(estate, inclusion_officer)}


def acting_for_amina(client, helper, tenant, tenant_person, scopes):
    mandates.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper, scopes=scopes,
                           duration="month")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": tenant_person.pk})
    return client


def test_a_helper_with_the_workshops_scope_enrols_the_tenant_and_books_a_room(client, helper, tenant, tenant_person,
                                                                               offer):
    sophie = acting_for_amina(client, helper, tenant, tenant_person, ["workshops"])
    assert sophie.get(reverse("portal:workshops")).status_code == 200
    sophie.post(reverse("portal:workshop-enrol", args=[offer["session"].pk]))
    sophie.post(reverse("portal:space", args=[offer["space"].pk]), {"slot": it.next_weekday(2, 10).isoformat()})

    enrolment = offer["session"].enrolments.get(person=tenant_person)
    assert enrolment.state == EnrolmentState.ENROLLED
    assert SpaceBooking.objects.get(person=tenant_person).state == "booked"
    event = AuditEvent.objects.get(action="inclusion.enrolled")
    assert event.actor_id == helper.pk and event.for_person_id == tenant_person.pk


def test_a_helper_without_the_workshops_scope_finds_no_workshop_page(client, helper, tenant, tenant_person, offer):
    sophie = acting_for_amina(client, helper, tenant, tenant_person, ["rent"])
    assert sophie.get(reverse("portal:workshops")).status_code == 404
    assert sophie.post(reverse("portal:workshop-enrol", args=[offer["session"].pk])).status_code == 404
    assert not offer["session"].enrolments.exists()
