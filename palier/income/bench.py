"""The rent revision's figure for `manage.py bench` (printed, never pass/fail): every household of
the landlord asked for its income documents at once, then reminded, timed and counted inside a
transaction that is rolled back, so the data set is left as it was."""

import datetime as dt
import time

from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palier.accounts.models import Role, User
from palier.core.acting import Acting


class _RollBack(Exception):
    pass


def campaign_figure() -> str:
    from palier.notifications.models import Message

    from .models import Campaign
    from .services import open_campaign, send_reminders

    manager = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
    if manager is None:
        return "Rent revision to all households: skipped (no manager in this database)"
    year = (Campaign.objects.order_by("-year").values_list("year", flat=True).first() or 2030) + 1
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as opened:
                campaign = open_campaign(acting=Acting(user=manager), year=year, agency=None,
                                         deadline=timezone.localdate() + dt.timedelta(days=30))
            open_s = time.perf_counter() - started
            by_channel = dict(Message.objects.filter(topic=f"income:{campaign.pk}").order_by()
                              .values_list("channel").annotate(n=Count("pk")))
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as reminded:
                reminders = send_reminders(acting=Acting(user=manager), campaign=campaign)
            remind_s = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    channels = ", ".join(f"{channel} {n:,}" for channel, n in sorted(by_channel.items()))
    return (f"Rent revision to all households: {campaign.households:,} households asked, "
            f"{sum(by_channel.values()):,} messages ({channels}) in {open_s:.1f} s with "
            f"{len(opened.captured_queries):,} SQL queries; reminder to all: {reminders:,} messages in "
            f"{remind_s:.1f} s with {len(reminded.captured_queries):,} queries (rolled back)")
