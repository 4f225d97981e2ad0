"""Kiosks: register a device for a common room, hand out its enrolment link once, revoke it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.estates import kiosks as kiosk_services
from palier.estates.queries import get_kiosk_for, kiosk_estates_for, kiosks_for

from .forms import KioskForm
from .permissions import KIOSKS, nav_for, staff_only


def _enrolment_url(request, token: str) -> str:
    try:
        path = reverse("kiosk:enrol", args=[token])
    except NoReverseMatch:
        path = f"/kiosk/enrol/{token}/"
    return request.build_absolute_uri(path)


@staff_only(KIOSKS)
def kiosk_list(request):
    page = Paginator(kiosks_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/kiosk_list.html", {"page": page, "nav": nav_for(request.user), "here": "kiosks"})


def _show_enrolment(request, kiosk, token):
    # The link is shown on this response only: it is never stored, and a reload does not show it again.
    return render(request, "backoffice/kiosk_enrolment.html", {
        "kiosk": kiosk, "enrolment_url": _enrolment_url(request, token), "nav": nav_for(request.user), "here": "kiosks",
    })


@staff_only(KIOSKS)
def kiosk_create(request):
    form = KioskForm(request.POST or None, estates=kiosk_estates_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            kiosk = kiosk_services.register_kiosk(
                acting=request.acting, name=form.cleaned_data["name"], estate=form.cleaned_data["estate"],
                common_area=form.cleaned_data["common_area"],
            )
            token = kiosk_services.issue_enrolment(acting=request.acting, kiosk=kiosk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return _show_enrolment(request, kiosk, token)
    return render(request, "backoffice/kiosk_form.html", {"form": form, "nav": nav_for(request.user), "here": "kiosks"})


@staff_only(KIOSKS)
@require_POST
def kiosk_enrolment(request, pk):
    """A new enrolment link for a kiosk (a device replaced, or the first link expired)."""
    kiosk = get_kiosk_for(request.acting, pk)
    try:
        token = kiosk_services.issue_enrolment(acting=request.acting, kiosk=kiosk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:kiosk-list")
    return _show_enrolment(request, kiosk, token)


@staff_only(KIOSKS)
@require_POST
def kiosk_revoke(request, pk):
    kiosk = get_kiosk_for(request.acting, pk)
    kiosk_services.revoke_kiosk(acting=request.acting, kiosk=kiosk)
    messages.success(request, _("The kiosk “%(name)s” is revoked. It stops working now.") % {"name": kiosk.name})
    return redirect("backoffice:kiosk-list")
