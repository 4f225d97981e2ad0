"""Helper mandates at the kiosk: the same questions and pages as on the web portal, with the
kiosk's large targets and layout. Consent given here is recorded as given at the kiosk."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from palier.portal import mandate_views as pages

from .views import _render, kiosk_required


def _kiosk_render(request):
    def render_page(template, context):
        return _render(request, template, {"base_template": "kiosk/base.html", "ns": "kiosk", **context})

    return render_page


def signed_in(view):
    @kiosk_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request, *args, **kwargs)

    return wrapper


@signed_in
def mandate_list(request):
    return pages.mandate_list_page(request, _kiosk_render(request))


@signed_in
def mandate_helper(request):
    return pages.helper_page(request, _kiosk_render(request), "kiosk")


@signed_in
def mandate_scopes(request):
    return pages.scopes_page(request, _kiosk_render(request), "kiosk")


@signed_in
def mandate_duration(request):
    return pages.duration_page(request, _kiosk_render(request), "kiosk")


@signed_in
def mandate_check(request):
    return pages.check_page(request, _kiosk_render(request), "kiosk")


@signed_in
def mandate_detail(request, pk):
    return pages.detail_page(request, _kiosk_render(request), "kiosk", pk)


@signed_in
@require_POST
def mandate_take_back(request, pk):
    return pages.take_back(request, "kiosk", pk)


@signed_in
def mandate_journal(request):
    return pages.journal_page(request, _kiosk_render(request), "kiosk")


@signed_in
@require_POST
def mandate_answer(request, pk):
    return pages.answer_request(request, "kiosk", pk)
