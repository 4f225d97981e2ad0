"""Recognises a registered kiosk device by its signed cookie and sets `request.kiosk`."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from palier.estates.kiosks import credential_for, kiosk_from_credential
from palier.inclusion.usage import count_page

COOKIE_NAME = "palier_kiosk"
# Browsers cap cookie lifetimes at about 400 days; the device is enrolled again after that.
COOKIE_MAX_AGE = 400 * 24 * 3600


def set_kiosk_cookie(response, kiosk, secret: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        credential_for(kiosk, secret),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
    )


class KioskDeviceMiddleware:
    """Sets `request.kiosk` to the kiosk this device is, or None. A kiosk device never opens the
    staff back office nor the Django admin: staff work on their own computers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.kiosk = kiosk_from_credential(request.COOKIES.get(COOKIE_NAME))
        if request.kiosk is not None:
            staff_prefixes = [reverse("backoffice:home")]
            if getattr(settings, "ADMIN_ENABLED", False):
                staff_prefixes.append("/django-admin/")
            if any(request.path.startswith(p) for p in staff_prefixes):
                raise Http404
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                # A shared screen starts in the landlord's language, not in whatever language the
                # device's browser was installed with; each person can switch at the top.
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        response = self.get_response(request)
        if request.kiosk is not None:
            # Kiosk use per place (no personal data): see palier.inclusion.usage.
            count_page(request, response)
        return response
