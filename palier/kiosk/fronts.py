"""The kiosk as a `Front` of the journeys shared with the portal (see palier.portal.fronts)."""

from functools import wraps

from django.shortcuts import redirect

from palier.portal.fronts import Front

from .views import _render, kiosk_required


def _render_on_kiosk(request, template, context, status=200):
    return _render(request, template, {**context, "base_template": "kiosk/base.html"}, status=status)


KIOSK = Front("kiosk", "kiosk/base.html", True, _render_on_kiosk)


def on_kiosk(view):
    """A page of a shared journey as a kiosk view: registered devices, a signed-in person."""

    @kiosk_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request, KIOSK, *args, **kwargs)

    return wrapper
