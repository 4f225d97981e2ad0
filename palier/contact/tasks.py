"""Background jobs of the contact app, run by the task worker on a schedule (or by
`manage.py contact_jobs` from cron): scheduled announcements (every few minutes), alerts
for unanswered conversations (hourly), appointment reminders (daily, in the afternoon)."""

from django.tasks import task

from palier.core.acting import Acting


@task()
def send_due_announcements() -> int:
    from .services import send_due_announcements as send

    return send(acting=Acting.system())


@task()
def alert_unanswered_conversations() -> int:
    from .conversations import alert_unanswered

    return alert_unanswered(acting=Acting.system())


@task()
def send_appointment_reminders() -> int:
    from .appointments import send_reminders

    return send_reminders(acting=Acting.system())
