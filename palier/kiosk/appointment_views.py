"""Appointments at the kiosk: the portal's pages in the kiosk's layout, for the signed-in tenant."""

from django.urls import reverse
from django.views.decorators.http import require_POST

from palier.portal import appointment_views as pages

from .conversation_views import _kiosk, _tenant

KIOSK_URLS = {"list": "kiosk:appointments", "book": "kiosk:appointment-book", "move": "kiosk:appointment-move",
              "cancel": "kiosk:appointment-cancel"}


@_tenant
def appointment_list(request, person):
    return pages.list_page(request, person, render_page=_kiosk(request), urls=KIOSK_URLS)


@_tenant
def appointment_book(request, person):
    return pages.book_page(request, person, render_page=_kiosk(request), urls=KIOSK_URLS,
                           done=reverse("kiosk:appointments") + "?booked=1")


@_tenant
def appointment_move(request, person, pk):
    return pages.move_page(request, person, pk, render_page=_kiosk(request), urls=KIOSK_URLS,
                           done=reverse("kiosk:appointments") + "?moved=1")


@_tenant
@require_POST
def appointment_cancel(request, person, pk):
    return pages.cancel_action(request, person, pk, done=reverse("kiosk:appointments") + "?cancelled=1")
