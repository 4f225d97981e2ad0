"""The landlord's rhythm: the periodic jobs the background worker (`manage.py run_huey`) runs.

Every job is a management command that is safe to run twice, so a missed or doubled run (a worker
restarted at the wrong minute) delays work but never loses or repeats it. Operators who prefer
cron can run the same commands from there instead (see docs/production.md).
"""


from django.core.management import call_command
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import periodic_task

EVERY_FIVE_MINUTES = crontab(minute="*/5")


@periodic_task(EVERY_FIVE_MINUTES)
def deliver_outbox():
    call_command("deliver_outbox")


@periodic_task(EVERY_FIVE_MINUTES)
def contact_jobs():
    call_command("contact_jobs")


@periodic_task(crontab(minute="7"))
def repair_alerts():
    call_command("repair_jobs", only="alerts")


@periodic_task(crontab(hour="17", minute="0"))
def repair_reminders():
    call_command("repair_jobs", only="reminders")


@periodic_task(crontab(hour="6", minute="0"))
def print_letters():
    call_command("print_letters")


@periodic_task(crontab(hour="8", minute="30"))
def daily_reminders():
    call_command("send_workshop_reminders")
    call_command("send_mandate_reminders")


@periodic_task(crontab(hour="3", minute="0"))
def arrears_daily():
    call_command("arrears_daily")


@periodic_task(crontab(hour="3", minute="30"))
def apply_retention():
    call_command("apply_retention")


@periodic_task(crontab(day="1", hour="2", minute="0"))
def charge_rent():
    """The month's charges on its first night; charging the same month again adds nothing."""
    call_command("charge_rent", period=timezone.localdate().strftime("%Y-%m"))


def scheduled_jobs() -> list[str]:
    """The names of the periodic jobs, for the documentation test."""
    return [f.task_class.__name__ for f in (deliver_outbox, contact_jobs, repair_alerts, repair_reminders, print_letters,
                                 daily_reminders, arrears_daily, apply_retention, charge_rent)]


