import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

TOTAL_SECONDS = 12 * 3600


def session_kind(request) -> str:
    if request.session.get("palier_kiosk"):
        return "kiosk"
    return request.user.session_kind


def remaining_seconds(request) -> int:
    """Seconds before the server ends this session: the idle time left, or the 12 hours' end."""
    now = time.time()
    session = request.session
    idle = settings.PALIER_IDLE_SECONDS[session_kind(request)]
    idle_left = idle - (now - session.get("palier_last_seen", now))
    total_left = TOTAL_SECONDS - (now - session.get("palier_started_at", now))
    return max(0, int(min(idle_left, total_left)))


class SessionPolicyMiddleware:
    """Ends idle sessions (tenant 30 min, staff 15 min, kiosk 3 min; 12 h at most) and marks every
    signed-in page `no-store`, so that Back on a shared computer shows nothing personal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            kind = session_kind(request)
            idle = settings.PALIER_IDLE_SECONDS[kind]
            last = session.get("palier_last_seen", now)
            started = session.get("palier_started_at", now)
            if now - last > idle or now - started > TOTAL_SECONDS:
                was_kiosk = kind == "kiosk"
                logout(request)
                messages.info(request, _("You were signed out because nothing happened for a while. "
                                         "Your information is safe."))
                response = redirect("kiosk:home" if was_kiosk else ("backoffice:login" if kind == "staff" else "portal:login"))
                response["Clear-Site-Data"] = '"cache", "storage"'
                return response
            # Write the session at most every 15 seconds, not on every request.
            if now - last > 15 or "palier_last_seen" not in session:
                session["palier_last_seen"] = now
                session.setdefault("palier_started_at", now)
            request.palier_idle_seconds = idle
        response = self.get_response(request)
        if request.user.is_authenticated or getattr(request, "kiosk", None):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class UserLanguageMiddleware:
    """A signed-in person sees Palier in the language of their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.user.language:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = request.user.language
        return self.get_response(request)
