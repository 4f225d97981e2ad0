"""The periodic jobs the background worker runs."""

import pytest
from django.core.management import get_commands
from huey.contrib.djhuey import HUEY

from palier.backoffice import tasks
from palier.rent.models import LedgerEntry


def test_every_periodic_job_is_registered_with_the_worker():
    periodic = {type(t).__name__ for t in HUEY._registry.periodic_tasks}
    for name in tasks.scheduled_jobs():
        assert name in periodic, name


def test_every_command_the_schedule_runs_exists():
    source = open(tasks.__file__, encoding="utf-8").read()
    for command in ("deliver_outbox", "contact_jobs", "repair_jobs", "print_letters", "send_workshop_reminders",
                    "send_mandate_reminders", "arrears_daily", "apply_retention", "charge_rent"):
        assert f'call_command("{command}"' in source
        assert command in get_commands(), command


@pytest.mark.django_db
def test_the_monthly_charge_run_charges_once_however_often_it_runs(tenancy):
    tasks.charge_rent.call_local()
    after_first = LedgerEntry.objects.filter(tenancy=tenancy).count()
    tasks.charge_rent.call_local()
    assert after_first > 0
    assert LedgerEntry.objects.filter(tenancy=tenancy).count() == after_first
