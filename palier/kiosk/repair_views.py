"""Reporting and following a repair at the kiosk: the same questions as on the web portal, with
the kiosk's large targets, and without photos (a shared screen has no camera roll)."""

from django.views.decorators.http import require_POST

from palier.portal import repair_views as shared

from .fronts import on_kiosk

report = on_kiosk(shared.where_page)
report_what = on_kiosk(shared.what_page)
report_emergency = on_kiosk(shared.emergency_page)
report_common = on_kiosk(shared.common_page)
report_since = on_kiosk(shared.since_page)
report_access = on_kiosk(shared.access_page)
report_inform = on_kiosk(shared.inform_page)
report_check = on_kiosk(shared.check_page)
report_done = on_kiosk(shared.done_page)
repair_list = on_kiosk(shared.list_page)
repair_detail = on_kiosk(shared.detail_page)
repair_add = on_kiosk(shared.add_page)
repair_cancel = on_kiosk(shared.cancel_page)
repair_fixed = on_kiosk(shared.fixed_page)
repair_me_too = require_POST(on_kiosk(shared.me_too_action))
