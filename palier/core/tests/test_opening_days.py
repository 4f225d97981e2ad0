import datetime as dt

from django.utils import translation

from palier.core.templatetags.palier import opening_days
from palier.estates.models import OpeningHours


def test_two_openings_on_one_day_read_as_one_line():
    rows = [
        OpeningHours(weekday=1, opens=dt.time(9), closes=dt.time(12, 30)),
        OpeningHours(weekday=1, opens=dt.time(13, 30), closes=dt.time(16)),
        OpeningHours(weekday=2, opens=dt.time(9), closes=dt.time(12)),
    ]
    with translation.override("en"):
        assert opening_days(rows) == [("Tuesday", "09:00–12:30, 13:30–16:00"), ("Wednesday", "09:00–12:00")]
