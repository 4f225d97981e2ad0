from django.conf import settings


def palier(request):
    return {
        "PALIER_NAME": settings.PALIER_NAME,
        "acting": getattr(request, "acting", None),
        "session_timeout": session_timeout(request),
    }


def session_timeout(request) -> dict | None:
    """Seconds left before the server ends this portal or back-office session, for the warning
    (the kiosk has its own, shorter one). None when no one is signed in."""
    from palier.accounts.middleware import remaining_seconds, session_kind

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return None
    if session_kind(request) == "kiosk":
        return None
    return {"remaining": remaining_seconds(request), "warning": settings.PALIER_SESSION_WARNING_SECONDS}
