"""Income documents at the kiosk: the portal's pages in the kiosk's layout. The file field opens
the kiosk's camera (or scanner) where it has one; each page says paper can be brought to the office."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from palier.portal import income_views as shared

from .views import _render, kiosk_required


def _kiosk_render(request, template, context, status=200):
    return _render(request, template, context, status=status)


KIOSK = shared.Front("kiosk", "kiosk/base.html", True, _kiosk_render)


def _kiosk(view):
    @kiosk_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request, KIOSK, *args, **kwargs)

    return wrapper


income_overview = _kiosk(shared.overview_page)
income_add = _kiosk(shared.add_page)
income_hand_in = _kiosk(shared.hand_in_page)
income_remove = require_POST(_kiosk(shared.remove_action))
