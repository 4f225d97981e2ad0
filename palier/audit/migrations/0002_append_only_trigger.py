"""On PostgreSQL, refuse UPDATE and DELETE on audit events at the database level too, so that
not even raw SQL from the application can rewrite history."""

from django.db import migrations

from palier.core.append_only import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        append_only_trigger(table="audit_auditevent", function="palier_audit_append_only",
                            message="audit events are append-only"),
    ]
