"""Security logs: the audit events about signing in and being refused (sign-ins, failed
attempts, lockouts, wrong codes), kept 6 to 12 months (STANDARDS.md) and then purged by the
retention run. Everything else in the audit trail (who changed what, who saw whose data, who
exported or erased it) is the business trail and stays: the append-only rule is not weakened.

The purge is the only way to delete an audit event:

- the ORM refuses any update or delete of an event (``AppendOnlyQuerySet``), on every database;
- on PostgreSQL the trigger of migration 0003 refuses UPDATE, TRUNCATE and every DELETE, except
  a DELETE of an event whose action is one of the kinds frozen in that migration, older than six
  months and older than the limit this function sets for its own transaction
  (``palier.audit_purge_before``, a transaction-local setting). Even raw SQL that sets the setting
  itself can only remove security logs older than six months.

Adding a kind here means adding it to a new migration's trigger too (a PostgreSQL test checks
that every kind listed here can be purged there).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

# The kinds of events that are security logs. Account changes (activation, password or second
# factor changed, staff accounts), readings of sensitive data and every business action are not.
SECURITY_LOG_ACTIONS = (
    "accounts.logged_in",
    "accounts.logged_out",
    "accounts.login_failed",
    "accounts.login_refused_locked",
    "accounts.login_refused_not_staff",
    "accounts.activation_failed",
    "accounts.unlock_code_issued",
    "accounts.unlock_failed",
    "accounts.unlocked",
    "accounts.identity_confirmed",
    "accounts.identity_confirmation_failed",
    "accounts.second_factor_verified",
    "accounts.second_factor_failed",
    "accounts.code_request_refused",
    "accounts.sms_capped",
)

# The shortest time a security log is kept, whatever the retention table says (STANDARDS.md:
# 6 to 12 months). The PostgreSQL trigger enforces it too.
MIN_MONTHS = 6
MAX_MONTHS = 12


def months_ago(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 365.25 / 12))


def purge_security_logs(*, before: datetime, now: datetime | None = None) -> dict[str, int]:
    """Delete the security-log events older than `before` (never younger than six months).
    Returns how many were deleted, per kind (kinds with none left out)."""
    now = now or timezone.now()
    before = min(before, months_ago(now, MIN_MONTHS))
    kinds = list(SECURITY_LOG_ACTIONS)
    counts = _counts(kinds, before)
    if not counts:
        return {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('palier.audit_purge_before', %s, true)", [before.isoformat()])
        # The plain manager, not AuditEvent.objects (whose queryset refuses every delete): this
        # function is the one place allowed to delete, and only these kinds, only this old.
        AuditEvent._base_manager.filter(action__in=kinds, at__lt=before).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('palier.audit_purge_before', '', true)")
    return counts


def _counts(kinds, before) -> dict[str, int]:
    from django.db.models import Count

    return dict(AuditEvent.objects.filter(action__in=kinds, at__lt=before).values("action")
                .annotate(n=Count("id")).values_list("action", "n"))
