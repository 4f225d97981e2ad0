from django.tasks import task

from palier.core.acting import Acting

from . import services


@task()
def send_workshop_reminders() -> int:
    """The daily reminder of tomorrow's workshop sessions. Safe to run twice: each reminder is queued once."""
    return services.send_session_reminders(acting=Acting.system())
