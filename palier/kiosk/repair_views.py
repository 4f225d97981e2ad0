"""Reporting and following a repair at the kiosk: the same questions as on the web portal, with
the kiosk's large targets, and without photos (a shared screen has no camera roll)."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from palier.portal import repair_views as shared

from .views import _render, kiosk_required


def _kiosk_render(request, template, context, status=200):
    return _render(request, template, {**context, "base_template": "kiosk/base.html"}, status=status)


KIOSK = shared.Front("kiosk", "kiosk/base.html", False, _kiosk_render)


def _kiosk(view):
    @kiosk_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request, KIOSK, *args, **kwargs)

    return wrapper


report = _kiosk(shared.where_page)
report_what = _kiosk(shared.what_page)
report_emergency = _kiosk(shared.emergency_page)
report_common = _kiosk(shared.common_page)
report_since = _kiosk(shared.since_page)
report_access = _kiosk(shared.access_page)
report_inform = _kiosk(shared.inform_page)
report_check = _kiosk(shared.check_page)
report_done = _kiosk(shared.done_page)
repair_list = _kiosk(shared.list_page)
repair_detail = _kiosk(shared.detail_page)
repair_add = _kiosk(shared.add_page)
repair_cancel = _kiosk(shared.cancel_page)
repair_fixed = _kiosk(shared.fixed_page)
repair_me_too = require_POST(_kiosk(shared.me_too_action))
