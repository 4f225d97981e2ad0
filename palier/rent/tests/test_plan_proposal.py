"""A payment plan is a conversation: the household asks (its housing officer is told), the officer
agrees or proposes another plan, and the household says yes or no on its rent page (or at the kiosk)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.mandates import services as mandates
from palier.mandates.acting import SESSION_PERSON
from palier.notifications.models import Message
from palier.rent import arrears
from palier.rent.arrears_models import PaymentPlan, PlanState
from palier.rent.services import charge_rent

TODAY = dt.date(2026, 11, 20)


def plain(text: str) -> str:
    """Money as a person reads it: the thin spaces of the French format as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def owing(tenancy, neighbour_tenancy):
    """Amina's household owes two months of rent and charges: 1,071.00."""
    for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        charge_rent(acting=Acting.system(), period=month)
    return tenancy


@pytest.fixture
def asked(owing, tenant, tenant_person):
    """Amina asked to pay 50.00 a month."""
    return arrears.request_plan(acting=Acting(user=tenant), tenancy=owing, person=tenant_person,
                                monthly=Decimal("50.00"), note="Je touche mes allocations le 10.")


@pytest.fixture
def proposed(asked, agent, owing):
    """Nadia, her housing officer, proposes 75.00 a month instead, from 10 December."""
    return arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("75.00"),
                              first_due_on=dt.date(2026, 12, 10))


def officer_messages(agent):
    return Message.objects.filter(user=agent).order_by("pk")


def answer_url(plan):
    return reverse("portal:payment-plan-answer", kwargs={"pk": plan.pk})


def acting_for_amina(client, helper, tenant_person, scopes):
    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=scopes, duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    return client


# --- asking --------------------------------------------------------------------------------------


def test_asking_for_a_plan_tells_the_housing_officer(client, owing, tenant, agent):
    client.force_login(tenant)
    client.post(reverse("portal:payment-plan"), {"monthly": "50,00", "note": "Je touche mes allocations le 10."})
    plan = PaymentPlan.objects.get()
    told = officer_messages(agent).get()
    assert (told.channel, told.to) == ("email", "nadia@foyer-demo.example")
    assert told.subject == "Benali demande un plan de paiement"
    body = plain(told.body)
    assert "Amina Benali" in body and "1 071,00" in body and "50,00" in body
    assert "Je touche mes allocations le 10." in body
    assert reverse("backoffice:plan-detail", kwargs={"pk": plan.pk}) in body


def test_without_a_housing_officer_the_agents_of_the_agency_are_told(owing, tenant, tenant_person, agent, manager):
    owing.housing_officer = None
    owing.save(update_fields=["housing_officer"])
    colleague = t.staff("agent", "samir", "Samir", "Aziz", agencies=[owing.dwelling.building.estate.agency])
    arrears.request_plan(acting=Acting(user=tenant), tenancy=owing, person=tenant_person, monthly=Decimal("100"))
    assert set(Message.objects.exclude(user=None).filter(user__role="agent").values_list("to", flat=True)) == {
        "nadia@foyer-demo.example", colleague.email}
    assert not Message.objects.filter(user=manager).exists()


# --- the officer's answer ------------------------------------------------------------------------


def test_agreeing_to_the_amount_asked_starts_the_plan_at_once(asked, agent, owing, tenant_person):
    plan = arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("50.00"),
                              first_due_on=dt.date(2026, 12, 10))
    assert plan.pk == asked.pk and plan.state == PlanState.ACTIVE
    assert plan.instalments.count() == 22  # 21 × 50.00 and 21.00
    assert AuditEvent.objects.filter(action="rent.plan_agreed").count() == 1


def test_proposing_another_amount_waits_for_the_household(cotenant_person, proposed, asked, agent, tenant_person):
    assert proposed.pk == asked.pk and proposed.state == PlanState.PROPOSED
    assert (proposed.proposed_monthly, proposed.first_due_on) == (Decimal("75.00"), dt.date(2026, 12, 10))
    assert proposed.proposed_by == agent
    assert not proposed.instalments.exists()
    event = AuditEvent.objects.get(action="rent.plan_proposed")
    assert event.actor == agent and event.data["offered"] == "50.00" and event.data["instalments"] == 15
    told = Message.objects.get(person=tenant_person, channel="email", subject="Votre plan de paiement : notre proposition")
    body = plain(told.body)
    assert "50,00" in body and "15 paiements de 75,00" in body and "10 décembre 2026" in body
    assert reverse("portal:payment-plan") in body and "Nadia Haddad" in body
    # Youssef, the co-tenant, is told too, in Dutch.
    assert Message.objects.filter(person=cotenant_person).exists()


def test_the_officer_cannot_agree_again_before_the_household_answers(proposed, agent, owing):
    with pytest.raises(DomainError):
        arrears.agree_plan(acting=Acting(user=agent), tenancy=owing, monthly=Decimal("50.00"),
                           first_due_on=dt.date(2026, 12, 10))
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


def test_the_back_office_says_the_proposal_is_sent(client, asked, agent, owing):
    client.force_login(agent)
    response = client.post(reverse("backoffice:plan-new", kwargs={"pk": owing.pk}),
                           {"monthly": "75,00", "first_due_on": "2026-12-10", "note": ""}, follow=True)
    page = response.content.decode()
    assert "Votre proposition est envoyée au ménage." in page
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


# --- the household's answer ----------------------------------------------------------------------


def test_the_rent_page_shows_the_proposal_and_where_to_answer(client, proposed, tenant):
    client.force_login(tenant)
    page = plain(client.get(reverse("portal:rent")).content.decode())
    assert "15 paiements de 75,00" in page
    assert answer_url(proposed) in page


def test_the_tenant_accepts_and_the_plan_runs_with_its_instalments(client, proposed, tenant, tenant_person, agent):
    client.force_login(tenant)
    page = plain(client.get(answer_url(proposed)).content.decode())
    assert "Êtes-vous d'accord avec ce plan ?" in page
    assert "75,00" in page and "1 071,00" in page
    before = officer_messages(agent).count()
    response = client.post(answer_url(proposed), {"answer": "yes"})
    assert response["Location"] == reverse("portal:payment-plan")
    plan = PaymentPlan.objects.get()
    assert plan.state == PlanState.ACTIVE and plan.agreed_by == agent and plan.answered_by == tenant_person
    instalments = list(plan.instalments.all())
    assert len(instalments) == 15 and sum(i.amount for i in instalments) == Decimal("1071.00")
    assert instalments[0].due_on == dt.date(2026, 12, 10) and instalments[1].due_on == dt.date(2027, 1, 10)
    event = AuditEvent.objects.get(action="rent.plan_accepted")
    assert event.actor == tenant and event.subject_person_id == tenant_person.pk
    told = officer_messages(agent)[before:].get()
    assert told.subject == "Benali accepte le plan de paiement"
    assert Message.objects.filter(person=tenant_person, subject="Votre plan de paiement").exists()


def test_the_tenant_declines_with_a_message_and_the_officer_is_told(client, proposed, tenant, agent):
    client.force_login(tenant)
    response = client.post(answer_url(proposed), {"answer": "no", "message": "Je ne peux payer que 50 €."})
    assert response["Location"] == reverse("portal:payment-plan")
    plan = PaymentPlan.objects.get()
    assert plan.state == PlanState.DECLINED and plan.answer_note == "Je ne peux payer que 50 €."
    assert not plan.instalments.exists()
    assert AuditEvent.objects.get(action="rent.plan_declined").data["message"] == "Je ne peux payer que 50 €."
    told = officer_messages(agent).last()
    assert told.subject == "Benali refuse le plan de paiement"
    assert "Je ne peux payer que 50 €." in told.body
    # The household may ask again.
    page = client.get(reverse("portal:payment-plan")).content.decode()
    assert "Demander un plan de paiement" in page
    # The officer reads the answer on the plan.
    client.force_login(agent)
    detail = client.get(reverse("backoffice:plan-detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Refusé par le ménage" in detail and "Je ne peux payer que 50 €." in detail


def test_an_answer_without_yes_or_no_is_asked_again(client, proposed, tenant):
    client.force_login(tenant)
    page = client.post(answer_url(proposed), {"message": ""}).content.decode()
    assert "Choisissez oui ou non." in page
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


def test_accepting_twice_does_nothing_more(client, proposed, tenant, agent):
    client.force_login(tenant)
    client.post(answer_url(proposed), {"answer": "yes"})
    messages_after_first = Message.objects.count()
    response = client.post(answer_url(proposed), {"answer": "yes"})
    assert response["Location"] == reverse("portal:payment-plan")
    assert arrears.answer_plan(acting=Acting(user=tenant), plan=proposed, person=proposed.requested_by,
                               accept=False).state == PlanState.ACTIVE
    plan = PaymentPlan.objects.get()
    assert plan.state == PlanState.ACTIVE and plan.instalments.count() == 15
    assert AuditEvent.objects.filter(action__in=("rent.plan_accepted", "rent.plan_declined")).count() == 1
    assert Message.objects.count() == messages_after_first


def test_a_proposal_answered_late_starts_from_the_next_month(proposed, tenant, tenant_person):
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
        plan = arrears.answer_plan(acting=Acting(user=tenant), plan=proposed, person=tenant_person, accept=True)
    assert plan.instalments.first().due_on == dt.date(2027, 1, 10)


def test_another_households_tenant_cannot_answer(client, proposed, neighbour):
    client.force_login(neighbour)
    assert client.get(answer_url(proposed)).status_code == 404
    assert client.post(answer_url(proposed), {"answer": "yes"}).status_code == 404
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


def test_a_helper_without_the_rent_scope_cannot_answer(client, proposed, helper, tenant_person):
    acting_for_amina(client, helper, tenant_person, ["documents"])
    assert client.get(answer_url(proposed)).status_code == 404
    assert client.post(answer_url(proposed), {"answer": "no"}).status_code == 404
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


def test_a_helper_with_the_rent_scope_answers_for_the_tenant(client, proposed, helper, tenant_person):
    acting_for_amina(client, helper, tenant_person, ["rent"])
    client.post(answer_url(proposed), {"answer": "yes"})
    assert PaymentPlan.objects.get().state == PlanState.ACTIVE
    event = AuditEvent.objects.get(action="rent.plan_accepted")
    assert (event.actor_id, event.for_person_id) == (helper.pk, tenant_person.pk)


def test_the_co_tenant_answers_for_the_household(client, proposed, cotenant, cotenant_person):
    client.force_login(cotenant)
    client.post(answer_url(proposed), {"answer": "no"})
    plan = PaymentPlan.objects.get()
    assert plan.state == PlanState.DECLINED and plan.answered_by == cotenant_person


def test_a_tenant_cannot_answer_through_the_service_for_another_household(proposed, neighbour, neighbour_person):
    with pytest.raises(DomainError):
        arrears.answer_plan(acting=Acting(user=neighbour), plan=proposed, person=neighbour_person, accept=True)
    assert PaymentPlan.objects.get().state == PlanState.PROPOSED


def test_the_tenant_answers_at_the_kiosk(kiosk_client, proposed, tenancy, tenant):
    kiosk_client.post(reverse("kiosk:sign-in"), {"number": tenancy.number})
    kiosk_client.post(reverse("kiosk:sign-in-pin"), {"pin": t.PIN})
    url = reverse("kiosk:payment-plan-answer", kwargs={"pk": proposed.pk})
    assert kiosk_client.get(url).status_code == 200
    response = kiosk_client.post(url, {"answer": "yes"})
    assert response["Location"] == reverse("kiosk:payment-plan")
    assert PaymentPlan.objects.get().state == PlanState.ACTIVE
