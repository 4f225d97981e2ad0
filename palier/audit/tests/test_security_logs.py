"""Security logs (sign-ins, failed attempts, refusals) are purged after the retention table's
limit, by the retention run only; the rest of the audit trail stays append-only."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.audit.security_logs import SECURITY_LOG_ACTIONS, purge_security_logs
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.privacy import services as privacy
from palier.privacy.models import Category, RetentionRule

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


def event_at(when, action, user=None):
    with time_machine.travel(when, tick=False):
        return record(Acting(user=user) if user else Acting.system(), action)


@pytest.fixture
def history(agent):
    """Nadia's sign-ins and a failed attempt 14 months ago, one 3 months ago, and the business
    trail of the same days (a password change, a file opened, a payment recorded)."""
    now = timezone.now()
    old, recent = now - dt.timedelta(days=425), now - dt.timedelta(days=90)
    return {
        "old_login": event_at(old, "accounts.logged_in", agent),
        "old_failure": event_at(old, "accounts.login_failed"),
        "old_refusal": event_at(old, "accounts.login_refused_locked"),
        "old_password": event_at(old, "accounts.password_changed", agent),
        "old_read": event_at(old, "audit.sensitive_read", agent),
        "old_payment": event_at(old, "rent.payment_recorded", agent),
        "recent_login": event_at(recent, "accounts.logged_in", agent),
    }


def left(history):
    return {name for name, e in history.items() if AuditEvent.objects.filter(pk=e.pk).exists()}


def test_the_retention_run_purges_security_logs_older_than_12_months_and_keeps_the_business_trail(history):
    run = privacy.apply_retention(acting=Acting.system())
    assert left(history) == {"old_password", "old_read", "old_payment", "recent_login"}
    lines = [line for line in run.report if line["category"] == Category.SECURITY_LOGS]
    summary = next(line for line in lines if line["what"].startswith("security log events older than"))
    assert summary["count"] == 3 and "(12 months)" in summary["what"]
    details = {line["what"]: line["count"] for line in lines if line.get("detail")}
    assert details == {"of which accounts.logged_in": 1, "of which accounts.login_failed": 1,
                       "of which accounts.login_refused_locked": 1}
    assert run.total == sum(line["count"] for line in run.report if not line.get("detail"))


def test_the_limit_is_the_retention_tables(history):
    privacy.ensure_retention_rules()
    rule = RetentionRule.objects.get(category=Category.SECURITY_LOGS)
    privacy.change_retention(acting=Acting.system(), rule=rule, months=6)
    privacy.apply_retention(acting=Acting.system())
    assert "recent_login" in left(history)  # three months old: kept under a six-month limit too
    assert "old_login" not in left(history)


def test_security_logs_are_kept_6_to_12_months(history):
    privacy.ensure_retention_rules()
    rule = RetentionRule.objects.get(category=Category.SECURITY_LOGS)
    for months in (0, 5, 13, 120):
        with pytest.raises(DomainError):
            privacy.change_retention(acting=Acting.system(), rule=rule, months=months)
    assert RetentionRule.objects.get(pk=rule.pk).months == 12


def test_the_purge_never_takes_less_than_six_months(history):
    purged = purge_security_logs(before=timezone.now())
    assert purged == {"accounts.logged_in": 1, "accounts.login_failed": 1, "accounts.login_refused_locked": 1}
    assert "recent_login" in left(history)


def test_the_orm_still_refuses_to_change_or_delete_an_event(history):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(action="accounts.logged_in").delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=history["old_login"].pk).update(action="x")
    with pytest.raises(PermissionError):
        history["old_failure"].delete()
    assert len(left(history)) == 7


@on_postgresql
def test_on_postgresql_an_ordinary_delete_or_update_is_still_refused(history):
    old_login, old_payment = history["old_login"].pk, history["old_payment"].pk
    for sql, pk in (("DELETE FROM audit_auditevent WHERE id = %s", old_login),
                    ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", old_login),
                    ("DELETE FROM audit_auditevent WHERE id = %s", old_payment)):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    assert len(left(history)) == 7


@on_postgresql
def test_on_postgresql_the_purge_setting_opens_only_old_security_logs(transactional_db, history):
    """Even raw SQL that sets the purge's setting itself cannot delete the business trail, a
    recent security log, or change anything."""
    limit = timezone.now().isoformat()
    attempts = [("DELETE FROM audit_auditevent WHERE id = %s", history["old_payment"].pk),
                ("DELETE FROM audit_auditevent WHERE id = %s", history["old_read"].pk),
                ("DELETE FROM audit_auditevent WHERE id = %s", history["recent_login"].pk),
                ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", history["old_login"].pk)]
    for sql, pk in attempts:
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('palier.audit_purge_before', %s, true)", [limit])
            cursor.execute(sql, [pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('palier.audit_purge_before', %s, true)", [limit])
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [history["old_login"].pk])
    assert "old_login" not in left(history)
    # The setting is transaction-local (a real transaction here): the next one is refused again.
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [history["old_failure"].pk])


@on_postgresql
def test_on_postgresql_every_security_log_kind_can_be_purged_by_the_trigger(db):
    """The kinds frozen in the trigger (migration 0003) cover the Python list."""
    old = timezone.now() - dt.timedelta(days=425)
    for action in SECURITY_LOG_ACTIONS:
        event_at(old, action)
    assert purge_security_logs(before=timezone.now()) == dict.fromkeys(SECURITY_LOG_ACTIONS, 1)
    assert not AuditEvent.objects.filter(action__in=SECURITY_LOG_ACTIONS).exists()


@on_postgresql
def test_on_postgresql_the_purge_closes_the_door_behind_it(history):
    """Inside a longer transaction (the retention run), nothing after the purge may delete."""
    with transaction.atomic():
        purge_security_logs(before=timezone.now())
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [history["old_payment"].pk])
    assert left(history) == {"old_password", "old_read", "old_payment", "recent_login"}
