"""The household's contact timeline: every kind the officer needs (calls, visits, letters,
messages, repair contacts, on-behalf actions), each with its channel, page by page at a constant
cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from palier.contact.appointments import book_appointment
from palier.contact.conversations import start_conversation
from palier.contact.history import contact_timeline, log_contact, timeline_page
from palier.contact.models import AppointmentSlot
from palier.core.acting import Acting
from palier.notifications.services import queue_message
from palier.repairs.models import Problem
from palier.repairs.services import report_repair, set_appointment

pytestmark = pytest.mark.django_db


def _lines(entries):
    return [f"{e.channel} | {e.text} | {e.detail}" for e in entries]


def _slot(agency, days=3):
    start = (timezone.now() + dt.timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)
    return AppointmentSlot.objects.create(agency=agency, kind="counter", starts_at=start,
                                          ends_at=start + dt.timedelta(minutes=30))


def test_every_kind_of_contact_is_in_the_timeline_with_its_channel(
    agent, tenant, tenant_person, cotenant_person, tenancy, agency, helper
):
    log_contact(acting=Acting(user=agent), tenancy=tenancy, person=tenant_person, channel="phone",
                summary="Appel au sujet du chauffage.")
    log_contact(acting=Acting(user=agent), tenancy=tenancy, person=tenant_person, channel="counter",
                summary="Est passée avec son attestation.")
    queue_message(acting=Acting.system(), channel="letter", to="", subject="Votre avis de loyer",
                  body="Bonjour.", person=tenant_person)
    start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body="Une question.")
    problem = Problem.objects.get(code="bath-shower-leak")
    repair = report_repair(acting=Acting(user=tenant), person=tenant_person, problem=problem)
    set_appointment(acting=Acting(user=agent, channel="phone"), repair=repair,
                    at=timezone.now() + dt.timedelta(days=2), expected_version=repair.version)
    book_appointment(acting=Acting(user=agent).on_behalf_of(cotenant_person, channel="counter"),
                     person=cotenant_person, slot=_slot(agency))

    entries = contact_timeline(tenancy, [tenant_person, cotenant_person])
    lines = _lines(entries)
    joined = "\n".join(lines)
    # calls and visits written down, each with its channel
    assert "appel téléphonique | Appel au sujet du chauffage. | " in lines
    assert "visite au guichet | Est passée avec son attestation. | " in lines
    # the paper letter Palier sent, with its delivery state
    assert any(line.startswith("lettre | Votre avis de loyer |") for line in lines)
    # the message written to the agency, through the web portal
    assert any(line.startswith("portail web | Autre chose | Une question.") for line in lines), joined
    # the repair contacts: reported on the web, the visit set by the officer on the phone
    assert any(line.startswith("portail web | Réparation signalée | R") for line in lines), joined
    assert any(line.startswith("téléphone | Rendez-vous de réparation fixé | " + repair.reference)
               for line in lines), joined
    # an action done for the co-tenant at the counter
    booked = next(e for e in entries if e.text == "Rendez-vous réservé")
    assert (booked.channel, booked.detail, booked.person) == ("guichet", "fait pour le compte du locataire",
                                                              "Youssef Benali")
    assert entries == sorted(entries, key=lambda e: e.at, reverse=True)


def test_another_households_repairs_and_contacts_stay_out(agent, neighbour, neighbour_person, neighbour_tenancy,
                                                          tenant_person, cotenant_person, tenancy):
    report_repair(acting=Acting(user=neighbour), person=neighbour_person,
                  problem=Problem.objects.get(code="bath-shower-leak"))
    log_contact(acting=Acting(user=agent), tenancy=neighbour_tenancy, channel="phone", summary="Appel des Peeters.")
    assert contact_timeline(tenancy, [tenant_person, cotenant_person]) == []


def test_signing_in_is_not_a_contact(client, tenant, tenant_person, tenancy):
    from palier.audit.services import record

    record(Acting(user=tenant), "accounts.logged_in", subject_person_id=tenant_person.pk)
    assert contact_timeline(tenancy, [tenant_person]) == []


def _fill(agent, tenancy, tenant_person, count):
    start = timezone.now() - dt.timedelta(days=400)
    for i in range(count):
        log_contact(acting=Acting(user=agent), tenancy=tenancy, person=tenant_person, channel="phone",
                    summary=f"Appel {i:03d}", at=start + dt.timedelta(hours=i))


def test_the_timeline_is_read_page_by_page_without_losing_or_repeating_an_entry(agent, tenant, tenant_person,
                                                                                   tenancy):
    _fill(agent, tenancy, tenant_person, 55)
    for i in range(10):
        queue_message(acting=Acting.system(), channel="letter", to="", subject=f"Lettre {i}", body=".",
                      person=tenant_person)
    first = timeline_page(tenancy, [tenant_person], 1)
    second = timeline_page(tenancy, [tenant_person], 2)
    assert first.paginator.count == 65 and first.paginator.num_pages == 2
    assert len(first.object_list) == 50 and len(second.object_list) == 15
    everything = list(first.object_list) + list(second.object_list)
    assert len({(e.kind, e.text, e.at) for e in everything}) == 65
    assert everything == sorted(everything, key=lambda e: e.at, reverse=True)
    # the oldest call is on the last page
    assert second.object_list[-1].text == "Appel 000"
    assert timeline_page(tenancy, [tenant_person], 99).number == 2


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_a_page_costs_the_same_queries_however_long_the_history(agent, tenant, tenant_person, tenancy):
    """One count, one merged query, then at most one query per source (four): six at most."""
    def mixed(n):
        for i in range(n):
            log_contact(acting=Acting(user=agent), tenancy=tenancy, person=tenant_person, channel="phone",
                        summary=f"Appel {i}")
            start_conversation(acting=Acting(user=tenant), person=tenant_person, topic="other", body=f"Message {i}")
            queue_message(acting=Acting.system(), channel="letter", to="", subject=f"Lettre {i}", body=".",
                          person=tenant_person)
            book_appointment(acting=Acting(user=agent).on_behalf_of(tenant_person, channel="phone"),
                             person=tenant_person, slot=_slot(tenancy.dwelling.building.estate.agency, days=2 + i))

    mixed(3)
    timeline_page(tenancy, [tenant_person], 1)  # the content types are cached from then on
    short = _queries(lambda: timeline_page(tenancy, [tenant_person], 1))
    mixed(30)
    long_first = _queries(lambda: timeline_page(tenancy, [tenant_person], 1))
    long_third = _queries(lambda: timeline_page(tenancy, [tenant_person], 3))
    assert short == long_first == long_third == 6


def test_the_history_page_links_to_older_entries(client, agent, tenant_person, tenancy):
    _fill(agent, tenancy, tenant_person, 60)
    client.force_login(agent)
    url = reverse("backoffice:contact-history", args=[tenancy.pk])
    page = client.get(url).content.decode()
    assert "Page 1 sur 2" in page and "Appel 059" in page and "Appel 000" not in page
    assert "?page=2" in page
    older = client.get(url, {"page": 2}).content.decode()
    assert "Appel 000" in older and "Appel 059" not in older
