"""The outbox's public endpoint (URL namespace `notifications`): the SMS provider's delivery
reports. No persona has anything to see there. It takes only POSTs, and a report without a valid
HMAC signature (here: none, and no secret configured) is refused with 403 whoever sends it; the
signed cases (unknown id 404, too early 409, oversized 413, rate limit 429) are in
palier/notifications/tests/test_sms_receipts.py."""

from .framework import NOT_ALLOWED, Grid, row

FORBIDDEN = 403

NOTIFICATIONS = Grid("notifications", ("notifications",), [
    row("notifications:sms-receipt", default=NOT_ALLOWED),
    row("notifications:sms-receipt", method="post", data=lambda w: {"id": "anything", "status": "failed"},
        label="an unsigned report", default=FORBIDDEN),
])
