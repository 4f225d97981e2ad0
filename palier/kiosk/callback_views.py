"""Ask to be called back from the kiosk: the same question and confirmation as on the web portal."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from palier.portal.callback_views import callback_cancel_page, callback_done_page, callback_page

from .views import _render, kiosk_required


def _kiosk_render(request):
    def render_page(template, context):
        return _render(request, template, {**context, "base_template": "kiosk/base.html",
                                           "back_url": reverse("kiosk:tenant-home")})

    return render_page


@kiosk_required
def callback(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    return callback_page(request, render_page=_kiosk_render(request), done_url=reverse("kiosk:callback-done"),
                         channel="kiosk")


@kiosk_required
def callback_done(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    return callback_done_page(request, render_page=_kiosk_render(request), form_url=reverse("kiosk:callback"),
                              cancel_url=reverse("kiosk:callback-cancel"))


@kiosk_required
@require_POST
def callback_cancel(request):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    return callback_cancel_page(request, form_url=reverse("kiosk:callback"))
