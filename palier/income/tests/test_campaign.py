"""Opening a rent revision asks every household at once, on each adult's channels; reminders go
only to those still waiting."""

import datetime as dt

import pytest
from django.utils import timezone

from palier import testing as t
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.income import services
from palier.income.models import IncomeRequest, Status
from palier.notifications.models import Message


def test_every_household_of_the_agency_is_asked_once(campaign, tenancy, neighbour_tenancy):
    asked = set(IncomeRequest.objects.filter(campaign=campaign).values_list("household_id", flat=True))
    assert asked == {tenancy.household_id, neighbour_tenancy.household_id}
    assert campaign.households == 2
    assert IncomeRequest.objects.filter(campaign=campaign, status=Status.ASKED).count() == 2


def test_each_adult_gets_the_request_on_their_channels_in_their_language(campaign, tenant_person, neighbour_person):
    messages = Message.objects.filter(topic=f"income:{campaign.pk}")
    assert messages.filter(person=tenant_person).exists()
    letter = messages.filter(person=tenant_person, channel="letter").first()
    assert letter is not None  # paper is the default channel
    assert "revenus" in letter.subject
    assert campaign.messages == messages.count()


def test_a_person_without_any_channel_gets_a_letter(agent, agency, building):
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit="7A"), name="Nowak", number="2607777")
    person = t.person(tenancy.household, "Ewa", "Nowak")
    type(person).objects.filter(pk=person.pk).update(by_portal=False, by_email=False, by_sms=False, by_post=False)
    campaign = services.open_campaign(acting=Acting(user=agent), year=2031, agency=agency,
                                      deadline=timezone.localdate() + dt.timedelta(days=10))
    assert list(Message.objects.filter(topic=f"income:{campaign.pk}", person=person)
                .values_list("channel", flat=True)) == ["letter"]


def test_the_same_year_cannot_be_opened_twice_for_the_same_households(campaign, agent, agency):
    with pytest.raises(DomainError):
        services.open_campaign(acting=Acting(user=agent), year=campaign.year, agency=agency,
                               deadline=campaign.deadline)


def test_only_a_manager_asks_the_whole_landlord(agent, manager, tenancy):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(DomainError):
        services.open_campaign(acting=Acting(user=agent), year=2030, agency=None, deadline=deadline)
    campaign = services.open_campaign(acting=Acting(user=manager), year=2030, agency=None, deadline=deadline)
    assert campaign.households >= 1


def test_an_agent_cannot_ask_another_agency(agent, other_agency):
    with pytest.raises(DomainError):
        services.open_campaign(acting=Acting(user=agent), year=2030, agency=other_agency,
                               deadline=timezone.localdate() + dt.timedelta(days=30))


def test_opening_costs_the_same_number_of_queries_for_3_or_30_households(
        agent, agency, building, django_assert_max_num_queries):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    for n in range(3):
        t.household_with_tenancy(t.dwelling(building, unit=f"A{n}"), name=f"A{n}", number=f"26100{n:02d}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        services.open_campaign(acting=Acting(user=agent), year=2040, agency=agency, deadline=deadline)
    for n in range(30):
        t.household_with_tenancy(t.dwelling(building, unit=f"B{n}"), name=f"B{n}", number=f"26200{n:02d}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        big = services.open_campaign(acting=Acting(user=agent), year=2041, agency=agency, deadline=deadline)
    assert big.households == 33


def test_reminders_go_only_to_households_still_waiting_and_once_a_day(campaign, aminas_request, agent,
                                                                       neighbour_person):
    IncomeRequest.objects.filter(pk=aminas_request.pk).update(status=Status.HANDED_IN)
    queued = services.send_reminders(acting=Acting(user=agent), campaign=campaign)
    reminders = Message.objects.filter(topic=f"income:{campaign.pk}", idempotency_key__contains="-r")
    assert queued >= 1
    assert set(reminders.values_list("person__household_id", flat=True)) == {neighbour_person.household_id}
    before = reminders.count()
    services.send_reminders(acting=Acting(user=agent), campaign=campaign)
    assert reminders.count() == before
