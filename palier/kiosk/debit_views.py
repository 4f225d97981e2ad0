"""Direct debit and payment plans at the kiosk: the portal's pages in the kiosk's layout. The PIN,
not the password, proves again who signs a mandate; the account number is typed by the tenant."""

from django.shortcuts import redirect
from django.urls import reverse

from palier.portal import debit_views as pages

from .views import _render, kiosk_required


def _urls() -> dict:
    return {"debit": reverse("kiosk:debit"), "sign_up": reverse("kiosk:debit-sign-up"),
            "cancel": reverse("kiosk:debit-cancel"), "plan": reverse("kiosk:payment-plan"),
            "answer_name": "kiosk:payment-plan-answer", "back": reverse("kiosk:tenant-home")}


def _kiosk_render(request):
    def render_page(template, context):
        return _render(request, template, {**context, "base_template": "kiosk/base.html"})

    return render_page


def _signed_in(view):
    @kiosk_required
    def wrapper(request):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        return view(request)

    wrapper.__name__ = view.__name__
    return wrapper


@_signed_in
def debit(request):
    return pages.debit_page(request, render_page=_kiosk_render(request), urls=_urls())


@_signed_in
def debit_sign_up(request):
    return pages.sign_up_page(request, render_page=_kiosk_render(request), urls=_urls(), kiosk=True)


@_signed_in
def debit_cancel(request):
    return pages.cancel_page(request, render_page=_kiosk_render(request), urls=_urls())


@_signed_in
def payment_plan(request):
    return pages.plan_page(request, render_page=_kiosk_render(request), urls=_urls())


@kiosk_required
def payment_plan_answer(request, pk):
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    return pages.plan_answer_page(request, pk, render_page=_kiosk_render(request), urls=_urls())
