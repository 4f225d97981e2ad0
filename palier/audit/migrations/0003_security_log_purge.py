"""On PostgreSQL, the append-only trigger now lets one thing through: the retention run's purge
of security logs (palier/audit/security_logs.py). A DELETE passes only for an event of a
security-log kind listed here, older than six months, and older than the limit the purge sets
for its own transaction (`palier.audit_purge_before`). UPDATE, TRUNCATE and any other DELETE are
still refused."""

from django.db import migrations

# Frozen copy of palier.audit.security_logs.SECURITY_LOG_ACTIONS at the time of this migration.
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

KINDS = ", ".join(f"'{a}'" for a in SECURITY_LOG_ACTIONS)

WITH_PURGE = f"""
CREATE OR REPLACE FUNCTION palier_audit_append_only() RETURNS trigger AS $$
DECLARE
    purge_before text := current_setting('palier.audit_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(purge_before, '') <> ''
       AND OLD.action IN ({KINDS})
       AND OLD.at < now() - interval '6 months'
       AND OLD.at < purge_before::timestamptz
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""

WITHOUT_PURGE = """
CREATE OR REPLACE FUNCTION palier_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITH_PURGE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITHOUT_PURGE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
