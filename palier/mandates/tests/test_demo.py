import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from palier.mandates.queries import mandates_held_by

pytestmark = pytest.mark.django_db


def test_the_demo_helper_can_act_for_the_demo_kiosk_tenant():
    from palier.accounts.models import User

    output = io.StringIO()
    call_command("seed_demo", dwellings=3, stdout=output)
    sophie = User.objects.get(username="demo-helper")
    mandates = mandates_held_by(sophie, now=timezone.now())
    assert [m.tenant.full_name for m in mandates] == ["Joseph Mbuyi"]
    assert {s.scope for s in mandates[0].scopes.all()} == {"rent", "messages", "workshops"}
    assert "1 helper mandate" in output.getvalue()


def test_the_reminder_command_queues_the_daily_task():
    output = io.StringIO()
    call_command("send_mandate_reminders", stdout=output)
    assert "Mandate reminders queued" in output.getvalue()
