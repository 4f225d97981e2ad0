"""Who may open which back-office page. Anything out of reach is a 404, never a 403: a page one
may not see looks exactly like a page that does not exist."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from palier.accounts import second_factor
from palier.accounts.models import STAFF_ROLES, Role

TENANT_FILES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
TENANT_ACTIONS = frozenset({Role.AGENT, Role.MANAGER})
ESTATES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT, Role.ADMINISTRATOR})
STAFF_LIST = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
STAFF_ADMIN = frozenset({Role.ADMINISTRATOR})
KIOSKS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
SETTINGS = frozenset({Role.ADMINISTRATOR})
# Writing to tenants: the staff of an agency; an administrator configures and does not.
ANNOUNCEMENTS = frozenset({Role.AGENT, Role.MANAGER})
# Calling tenants back: the staff of their agency.
CALLBACKS = frozenset({Role.AGENT, Role.MANAGER})
# The ready-made answers agents start from: managers look after them (there is no team-lead role).
CANNED_REPLIES = frozenset({Role.MANAGER})
# Workshops, partners, digital spaces and inclusion figures.
INCLUSION = frozenset({Role.INCLUSION_OFFICER, Role.MANAGER})
# The data-protection officer's pages (retention, registers, breaches, erasure and export requests).
DATA_PROTECTION = frozenset({Role.DPO})


def staff_only(roles=STAFF_ROLES):
    """Signed-out visitors go to the staff sign-in; tenants, helpers, contractors and staff
    without the role get a 404; staff whose session lacks its second factor confirm it first."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "backoffice:login")
            if request.user.role not in STAFF_ROLES or request.user.role not in roles:
                raise Http404
            pending = second_factor_redirect(request)
            if pending is not None:
                return pending
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def second_factor_redirect(request):
    """Where to go first when this session still lacks its second factor (the set-up page for an
    account without an authenticator, the code page otherwise), or None when nothing is missing."""
    missing = second_factor.missing_for(request.user)
    if missing is None:
        return None
    url = reverse("backoffice:two-factor-setup" if missing == "setup" else "backoffice:two-factor-verify")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def nav_for(user) -> dict[str, bool]:
    role = getattr(user, "role", None)
    return {
        "tenants": role in TENANT_FILES,
        "estates": role in ESTATES,
        "staff": role in STAFF_LIST,
        "kiosks": role in KIOSKS,
        "settings": role in SETTINGS,
        "announcements": role in ANNOUNCEMENTS,
        "callbacks": role in CALLBACKS,
        "conversations": role in CALLBACKS,
        "canned_replies": role in CANNED_REPLIES,
        "appointments": role in CALLBACKS,
        "deliveries": role in CALLBACKS,
        "inclusion": role in INCLUSION,
        "privacy": role in DATA_PROTECTION,
        "bank": role in (Role.ACCOUNTANT, Role.MANAGER),
        "arrears": role in (Role.AGENT, Role.MANAGER, Role.ACCOUNTANT),
        "debits": role in (Role.AGENT, Role.MANAGER, Role.ACCOUNTANT),
        "repairs": role in (Role.AGENT, Role.MANAGER, Role.TECHNICIAN),
        "income": role in (Role.AGENT, Role.MANAGER),
        "repair_catalogue": role in (Role.MANAGER, Role.ADMINISTRATOR),
    }
