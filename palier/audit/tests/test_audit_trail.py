import pytest
from django.db import connection, transaction
from django.utils import translation

from palier.audit.models import AuditEvent
from palier.audit.services import record
from palier.core.acting import Acting, Channel


def test_an_event_records_who_acted_for_whom_and_through_which_channel(agent, tenant_person):
    acting = Acting(user=agent, channel=Channel.COUNTER, ip="192.0.2.10").on_behalf_of(tenant_person)
    event = record(acting, "tenancies.contact_preferences_changed", target=tenant_person, data={"by_sms": True})
    event.refresh_from_db()
    assert event.actor == agent
    assert event.for_person_id == tenant_person.pk
    assert event.subject_person_id == tenant_person.pk
    assert event.channel == "counter"
    assert event.target_label == "Amina Benali"
    assert event.ip == "192.0.2.10"


def test_the_tenant_can_find_what_was_done_for_her(agent, tenant_person, neighbour_person):
    record(Acting(user=agent, channel=Channel.PHONE).on_behalf_of(tenant_person), "accounts.unlocked")
    record(Acting(user=agent, channel=Channel.PHONE).on_behalf_of(neighbour_person), "accounts.unlocked")
    mine = AuditEvent.objects.for_person(tenant_person.pk)
    assert [e.for_person_id for e in mine] == [tenant_person.pk]


def test_an_event_cannot_be_changed(agent):
    event = record(Acting(user=agent), "accounts.logged_in")
    event.action = "accounts.logged_out"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    assert AuditEvent.objects.get(pk=event.pk).action == "accounts.logged_in"


def test_an_event_cannot_be_deleted(agent):
    event = record(Acting(user=agent), "accounts.logged_in")
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_event_reads_as_words():
    event = AuditEvent(action="accounts.logged_in")
    assert event.description == "Connexion"  # in the language of the interface, French by default
    with translation.override("en"):
        assert event.description == "Signed in"
    assert AuditEvent(action="unknown.thing").description == "unknown.thing"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_on_postgresql_even_raw_sql_cannot_rewrite_history(agent):
    event = record(Acting(user=agent), "accounts.logged_in")
    for sql in ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "accounts.logged_in"
