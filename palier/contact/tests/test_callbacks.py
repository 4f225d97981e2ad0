import pytest
from django.http import Http404

from palier.audit.models import AuditEvent
from palier.contact import queries
from palier.contact.models import CallbackRequest, CallbackState
from palier.contact.services import close_callback, request_callback
from palier.core.acting import Acting
from palier.core.errors import DomainError


def ask(user, person, *, phone="0470 12 34 56", when="morning", note=""):
    return request_callback(acting=Acting(user=user), person=person, phone=phone, when=when, note=note)


def test_a_tenant_asks_to_be_called_back_on_her_number(tenant, tenant_person, tenancy):
    callback = ask(tenant, tenant_person, note="Question sur le loyer")
    assert callback.phone == "+32470123456"
    assert callback.tenancy == tenancy
    assert callback.state == CallbackState.OPEN
    assert callback.note == "Question sur le loyer"
    event = AuditEvent.objects.get(action="contact.callback_requested")
    assert event.actor_id == tenant.pk


def test_a_number_that_is_not_a_phone_number_is_refused(tenant, tenant_person, tenancy):
    with pytest.raises(DomainError) as refused:
        ask(tenant, tenant_person, phone="call me")
    assert refused.value.field == "phone"
    assert not CallbackRequest.objects.exists()


def test_a_second_request_while_one_is_open_changes_nothing(tenant, tenant_person, tenancy):
    first = ask(tenant, tenant_person, when="morning")
    with pytest.raises(DomainError):
        ask(tenant, tenant_person, when="afternoon", phone="0471 00 00 00")
    assert list(CallbackRequest.objects.values_list("pk", "when", "phone")) == [(first.pk, "morning", "+32470123456")]
    assert AuditEvent.objects.filter(action="contact.callback_requested").count() == 1


def test_after_the_call_the_tenant_may_ask_again(tenant, tenant_person, tenancy, agent):
    first = ask(tenant, tenant_person)
    close_callback(acting=Acting(user=agent), callback=first)
    second = ask(tenant, tenant_person, when="afternoon")
    assert second.pk != first.pk


def test_the_agent_of_her_agency_sees_the_request_and_closes_it(tenant, tenant_person, tenancy, agent):
    callback = ask(tenant, tenant_person)
    assert list(queries.open_callbacks_for(agent)) == [callback]
    close_callback(acting=Acting(user=agent), callback=queries.get_callback_for(Acting(user=agent), callback.pk))
    callback.refresh_from_db()
    assert callback.state == CallbackState.DONE
    assert callback.done_by == agent
    assert callback.done_at is not None
    assert list(queries.open_callbacks_for(agent)) == []
    assert AuditEvent.objects.filter(action="contact.callback_done", actor_id=agent.pk).count() == 1


def test_closing_twice_is_recorded_once(tenant, tenant_person, tenancy, agent):
    callback = ask(tenant, tenant_person)
    close_callback(acting=Acting(user=agent), callback=callback)
    close_callback(acting=Acting(user=agent), callback=callback)
    assert AuditEvent.objects.filter(action="contact.callback_done").count() == 1


def test_the_agent_of_another_agency_neither_sees_nor_opens_it(tenant, tenant_person, tenancy, other_agent):
    callback = ask(tenant, tenant_person)
    assert list(queries.open_callbacks_for(other_agent)) == []
    with pytest.raises(Http404):
        queries.get_callback_for(Acting(user=other_agent), callback.pk)


def test_a_technician_and_a_tenant_see_no_call_backs(tenant, tenant_person, tenancy, technician):
    callback = ask(tenant, tenant_person)
    assert list(queries.open_callbacks_for(technician)) == []
    assert list(queries.open_callbacks_for(tenant)) == []
    with pytest.raises(Http404):
        queries.get_callback_for(Acting(user=tenant), callback.pk)
