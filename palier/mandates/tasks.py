from django.tasks import task

from palier.core.acting import Acting

from . import services


@task()
def remind_expiring_mandates() -> int:
    """Tell tenants and helpers a week before a mandate ends. Safe to run twice: each mandate is
    reminded once. Scheduled daily by `manage.py send_mandate_reminders` (cron or a timer)."""
    return services.send_expiry_reminders(acting=Acting.system())
