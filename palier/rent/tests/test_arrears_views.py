"""Arrears pages: the list staff work from, reminders by hand, payment plans asked for and agreed,
and the plan on the tenant's rent page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from palier import testing as t
from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.rent.arrears_models import PaymentPlan, PlanState, Reminder
from palier.rent.services import charge_rent


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def owing(tenancy, neighbour_tenancy):
    for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        charge_rent(acting=Acting.system(), period=month)
    return tenancy


def test_the_agent_sees_who_owes_how_much_and_for_how_long(client, agent, owing, tenant_person):
    client.force_login(agent)
    page = plain(client.get(reverse("backoffice:arrears")).content.decode())
    assert "Benali (2601234)" in page and "Peeters (2605678)" in page
    assert "1 071,00" in page
    assert "2 à 3 mois" in page


def test_the_arrears_list_filters_by_age_band(client, accountant, owing, building):
    _, small = t.household_with_tenancy(t.dwelling(building), name="Petit", number="2607777")
    from palier.rent.services import record_payment

    charge_rent(acting=Acting.system(), period=dt.date(2026, 11, 1))
    record_payment(acting=Acting(user=accountant), tenancy=small, amount=Decimal("500.00"),
                   paid_on=dt.date(2026, 11, 3), channel="counter")
    client.force_login(accountant)
    page = client.get(reverse("backoffice:arrears"), {"band": "1"}).content.decode()
    assert "Petit (2607777)" in page and "Benali" not in page


def test_the_arrears_page_costs_the_same_queries_for_many_households(client, agent, owing, building,
                                                                     django_assert_max_num_queries):
    from palier.rent.arrears import refresh_arrears

    client.force_login(agent)
    refresh_arrears()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("backoffice:arrears"))
    for n in range(20):
        t.household_with_tenancy(t.dwelling(building), name=f"Famille {n}", number=f"26080{n:02d}")
    charge_rent(acting=Acting.system(), period=dt.date(2026, 12, 1))
    refresh_arrears()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("backoffice:arrears"))
    assert "Famille 19" in response.content.decode()


def test_a_payment_shows_in_the_list_once_it_is_computed_again(client, agent, owing):
    from palier.rent.services import record_payment

    client.force_login(agent)
    assert "Benali (2601234)" in client.get(reverse("backoffice:arrears")).content.decode()
    record_payment(acting=Acting(user=agent), tenancy=owing, amount=Decimal("1071.00"),
                   paid_on=dt.date(2026, 11, 20), channel="counter")
    response = client.post(reverse("backoffice:arrears-refresh"))
    assert response.status_code == 302
    assert "Benali (2601234)" not in client.get(reverse("backoffice:arrears")).content.decode()


def test_an_agent_of_another_agency_does_not_see_amina(client, other_agent, owing):
    client.force_login(other_agent)
    page = client.get(reverse("backoffice:arrears")).content.decode()
    assert "Benali" not in page
    assert client.post(reverse("backoffice:arrears-remind", kwargs={"pk": owing.pk})).status_code == 404


def test_the_agent_sends_a_reminder_by_hand(client, agent, owing, tenant_person):
    client.force_login(agent)
    client.post(reverse("backoffice:arrears-remind", kwargs={"pk": owing.pk}))
    assert Reminder.objects.get(tenancy=owing).level == "first"
    assert Message.objects.filter(person=tenant_person, body__contains="Nadia Haddad").exists()
    page = client.get(reverse("backoffice:arrears")).content.decode()
    assert "Premier rappel" in page


def test_the_tenant_asks_for_a_plan_and_the_agent_agrees_on_it(client, tenant, agent, owing, tenant_person):
    client.force_login(tenant)
    response = client.post(reverse("portal:payment-plan"), {"monthly": "100,00", "note": "Merci"})
    assert response.status_code == 302
    assert PaymentPlan.objects.get().state == PlanState.REQUESTED
    client.force_login(agent)
    listing = client.get(reverse("backoffice:plans")).content.decode()
    assert "Benali" in listing
    form = client.get(reverse("backoffice:plan-new", kwargs={"pk": owing.pk})).content.decode()
    assert "Merci" in form
    first = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).replace(day=10)
    response = client.post(reverse("backoffice:plan-new", kwargs={"pk": owing.pk}),
                           {"monthly": "150,00", "first_due_on": first.isoformat(), "note": ""})
    assert response.status_code == 302
    plan = PaymentPlan.objects.get()
    # Another amount than asked: Amina says yes first.
    assert plan.state == PlanState.PROPOSED
    client.force_login(tenant)
    client.post(reverse("portal:payment-plan-answer", kwargs={"pk": plan.pk}), {"answer": "yes"})
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE and plan.instalments.count() == 8
    rent = plain(client.get(reverse("portal:rent")).content.decode())
    assert "8 versements" in rent and "150,00" in rent and "21,00" in rent


def test_a_tenant_who_owes_nothing_is_told_she_needs_no_plan(client, tenant, tenancy):
    client.force_login(tenant)
    page = client.get(reverse("portal:payment-plan")).content.decode()
    assert "Vous ne devez rien" in page
