"""Daily background work of direct debit and arrears, through Django's task API: lapse unused
mandates, follow payment plans on the ledger, send the reminders that are due, compute the arrears
list staff work from. Each is safe to run
twice a day (a second run changes nothing). `manage.py arrears_daily` runs the three at once, for
a cron job or a scheduler."""

from django.tasks import task

from palier.core.acting import Acting

from . import arrears, direct_debit


@task()
def lapse_unused_mandates() -> int:
    return direct_debit.lapse_unused_mandates(acting=Acting.system())


@task()
def check_payment_plans() -> int:
    return arrears.check_plans(acting=Acting.system())


@task()
def send_due_reminders() -> int:
    return arrears.send_due_reminders(acting=Acting.system())


@task()
def refresh_arrears() -> int:
    return arrears.refresh_arrears()


def run_daily() -> dict[str, int]:
    """The three jobs, in this order: plans first, so that a missed instalment is flagged before
    reminders are considered (a household with a running plan gets no reminder)."""
    return {
        "mandates_lapsed": direct_debit.lapse_unused_mandates(acting=Acting.system()),
        "instalments_missed": arrears.check_plans(acting=Acting.system()),
        "reminders_sent": arrears.send_due_reminders(acting=Acting.system()),
        "arrears_lines": arrears.refresh_arrears(),
    }
