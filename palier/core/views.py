from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import set_language as django_set_language


def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept on their account, so
    letters and messages follow it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    response = django_set_language(request)
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        if request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        response["Location"] = "/"
    return response


def health(request):
    """For load balancers and monitoring: 200 when the database and the cache answer."""
    from django.core.cache import cache
    from django.db import connection
    from django.http import JsonResponse

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = "error"
    try:
        cache.set("palier-health", "1", 5)
        checks["cache"] = "ok" if cache.get("palier-health") == "1" else "error"
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def still_here(request):
    """"Stay signed in" on the portal and in the back office: touches the session. Answers the
    warning script with the seconds now left, or goes back to the page for the form without
    JavaScript. A session already ended goes to the sign-in page (the middleware said why)."""
    import time

    from django.http import JsonResponse
    from django.shortcuts import redirect

    from palier.accounts.middleware import remaining_seconds

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    request.session["palier_last_seen"] = time.time()
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"remaining": remaining_seconds(request)})
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    return redirect(nxt)
