from django.tasks import task

from palier.core.acting import Acting

from . import services


@task()
def alert_untouched_repairs() -> int:
    """Alert the housing officer about requests nobody in staff touched after the configured
    delay. Safe to run twice: each request is alerted once. Run hourly (`manage.py repair_jobs`)."""
    return services.alert_untouched(acting=Acting.system())


@task()
def remind_repair_appointments() -> int:
    """Remind the households whose visit is tomorrow, through the ways they chose (a text to a
    mobile, an email, their inbox). Safe to run twice (the outbox keeps one message per
    appointment). Run daily (`manage.py repair_jobs`)."""
    return services.send_appointment_reminders(acting=Acting.system())
