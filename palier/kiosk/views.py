"""The kiosk: a shared screen in a common room. Every page but the enrolment link opens only on a
registered device (`request.kiosk`, set by KioskDeviceMiddleware); anything else gets a 404 page
that says so in plain words."""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.accounts import second_factor
from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.accounts.signin import user_from_form
from palier.contact import services as contact
from palier.contact.queries import announcements_for_estate, shown_in
from palier.core.acting import Channel
from palier.estates import kiosks
from palier.portal.help import help_contact, home_summary
from palier.tenancies.queries import person_of

from .forms import PinForm, TenancyNumberForm
from .middleware import set_kiosk_cookie

# How long the tenancy number typed at step 1 waits for the PIN.
NUMBER_KEPT_SECONDS = 3 * 60
_NUMBER_KEY = "kiosk_tenancy_number"
_NUMBER_AT_KEY = "kiosk_tenancy_number_at"


# Pages a helper signed in at the kiosk may open before giving their second factor.
_BEFORE_SECOND_FACTOR = frozenset({"helper-code", "finish", "still-here"})


def kiosk_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "kiosk", None) is None:
            return render(request, "kiosk/not_a_kiosk.html", {"help": help_contact(request)}, status=404)
        if request.user.is_authenticated and request.user.role == Role.HELPER:
            match = getattr(request, "resolver_match", None)
            if not second_factor.is_verified(request.user):
                if match is None or match.url_name not in _BEFORE_SECOND_FACTOR:
                    return redirect("kiosk:helper-code")
            else:
                _resolve_helper(request)
        return view(request, *args, **kwargs)

    return wrapper


def _resolve_helper(request) -> None:
    """Whom the helper acts for on this kiosk request: checked against the clock every time, so
    a revoked scope or an ended mandate stops working at once. Sets `request.palier_grant` and
    `request.acting.for_person`, which `served_person` and the journal read."""
    from palier.mandates import acting as mandate_acting
    from palier.mandates.queries import live_scopes

    request.palier_grant = None
    person_id = mandate_acting.acting_for_id(request)
    if not person_id:
        return
    mandate, scopes = live_scopes(request.user.pk, person_id, timezone.now())
    if mandate is None:
        mandate_acting.stop(request)
        return
    request.palier_grant = mandate_acting.Grant(person=mandate.tenant, scopes=scopes, channel=Channel.KIOSK,
                                                mandate=mandate)
    request.acting = request.acting.on_behalf_of(mandate.tenant, channel=Channel.KIOSK)


def _timeout(request) -> dict:
    """Seconds left before the server ends this kiosk session, for the warning script."""
    if not request.user.is_authenticated:
        return {}
    idle = settings.PALIER_IDLE_SECONDS["kiosk"]
    last = request.session.get("palier_last_seen", time.time())
    return {
        "idle": idle,
        "remaining": max(0, int(idle - (time.time() - last))),
        "warning": settings.PALIER_KIOSK_WARNING_SECONDS,
    }


def _render(request, template, context=None, status=200):
    base = {"help": help_contact(request), "kiosk": request.kiosk, "timeout": _timeout(request)}
    return render(request, template, {**base, **(context or {})}, status=status)


def enrol(request, token):
    """Opened once on the device: makes it the kiosk. GET asks, POST does it."""
    kiosk = kiosks.kiosk_for_enrolment(token)
    if request.method == "POST":
        try:
            kiosk, secret = kiosks.enrol_device(acting=request.acting, token=token)
        except kiosks.KioskError as exc:
            return render(request, "kiosk/enrol.html", {"error": exc.message, "help": help_contact(request)},
                          status=404)
        if request.user.is_authenticated:
            # Whoever enrolled the device must not stay signed in on a shared screen.
            accounts.sign_out(request, acting=request.acting)
        response = render(request, "kiosk/enrolled.html", {"enrolled": kiosk, "help": help_contact(request)})
        set_kiosk_cookie(response, kiosk, secret)
        return response
    if kiosk is None:
        error = _("This enrolment link does not work. It may be too old or already used. "
                  "Ask the administrator for a new link.")
        return render(request, "kiosk/enrol.html", {"error": error, "help": help_contact(request)}, status=404)
    return render(request, "kiosk/enrol.html", {"enrolling": kiosk, "help": help_contact(request)})


@kiosk_required
def start(request):
    if request.user.is_authenticated:
        return redirect("kiosk:helper-home" if request.user.role == Role.HELPER else "kiosk:tenant-home")
    news = shown_in(announcements_for_estate(request.kiosk.estate), get_language())
    return _render(request, "kiosk/start.html", {"announcements": news})


@kiosk_required
def help_page(request):
    return _render(request, "kiosk/help.html")


@kiosk_required
def emergency(request):
    return _render(request, "kiosk/emergency.html")


@kiosk_required
def sign_in(request):
    """Step 1: the tenancy number. Whether it exists is not told here (step 2 answers for both)."""
    if request.user.is_authenticated:
        return redirect("kiosk:tenant-home")
    form = TenancyNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[_NUMBER_KEY] = form.cleaned_data["number"]
        request.session[_NUMBER_AT_KEY] = time.time()
        return redirect("kiosk:sign-in-pin")
    return _render(request, "kiosk/sign_in.html", {"form": form})


@kiosk_required
def sign_in_pin(request):
    """Step 2: the PIN. Wrong PINs are throttled per account and per address."""
    if request.user.is_authenticated:
        return redirect("kiosk:tenant-home")
    number = request.session.get(_NUMBER_KEY)
    if not number or time.time() - request.session.get(_NUMBER_AT_KEY, 0) > NUMBER_KEPT_SECONDS:
        request.session.pop(_NUMBER_KEY, None)
        return redirect("kiosk:sign-in")
    form = PinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_from_form(form, acting=request.acting, identifier=number, secret=form.cleaned_data["pin"],
                              kind="pin")
        if user is not None:
            if user.role != Role.TENANT:
                form.add_error(None, _("The tenancy number or the PIN is not right. Check them and try again."))
            else:
                request.session.pop(_NUMBER_KEY, None)
                request.session.pop(_NUMBER_AT_KEY, None)
                accounts.sign_in(request, acting=request.acting, user=user)
                return redirect("kiosk:tenant-home")
    return _render(request, "kiosk/sign_in_pin.html", {"form": form, "number": number})


@kiosk_required
def tenant_home(request):
    """The signed-in kiosk home: the same cards as the web portal's home."""
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    if request.user.role == Role.HELPER:
        return redirect("kiosk:helper-home")
    person = person_of(request.user)
    if person is None:
        raise Http404
    from palier.mandates.queries import requests_waiting_on

    summary = home_summary(person)
    # The cards show each announcement in full: the tenant has read it (one INSERT, if any).
    contact.mark_announcements_shown(acting=request.acting, person=person,
                                     announcements=[item["announcement"] for item in summary["announcements"]])
    return _render(request, "kiosk/tenant_home.html", {**summary, "mandate_requests": requests_waiting_on(person)})


@kiosk_required
@require_POST
def finish(request):
    """Ends the session and wipes what the browser kept, except the kiosk's own device cookie
    (so `Clear-Site-Data` names "cache" and "storage", not "cookies")."""
    accounts.sign_out(request, acting=request.acting)
    messages.success(request, _("Session ended. Your information is cleared."))
    response = redirect("kiosk:home")
    response["Clear-Site-Data"] = '"cache", "storage"'
    response.delete_cookie(settings.SESSION_COOKIE_NAME, path=settings.SESSION_COOKIE_PATH,
                           domain=settings.SESSION_COOKIE_DOMAIN, samesite=settings.SESSION_COOKIE_SAMESITE)
    # The next person starts in the kiosk's own language, not the one chosen before.
    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH,
                           domain=settings.LANGUAGE_COOKIE_DOMAIN)
    return response


@kiosk_required
@require_POST
def still_here(request):
    """"I am still here": touches the session. Answers 204 to the script, or goes back to the page
    for the form without JavaScript. A session already ended goes to the start page."""
    if not request.user.is_authenticated:
        return redirect("kiosk:home")
    request.session["palier_last_seen"] = time.time()
    if "application/json" in request.headers.get("Accept", ""):
        return HttpResponse(status=204)
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith(reverse("kiosk:home")) and "//" not in nxt else "kiosk:tenant-home")
