"""What the three sign-in pages (portal, kiosk, back office) share: checking what was typed, with
the refusal shown on the form, and following a `next` address only within this site."""

from django.utils.http import url_has_allowed_host_and_scheme

from . import services
from .models import User


def user_from_form(form, *, acting, identifier: str, secret: str, kind: str = "password") -> User | None:
    """The account `identifier` and `secret` name, or None with the reason added to `form`
    (wrong details, or locked after too many tries: see services.authenticate)."""
    try:
        return services.authenticate(acting=acting, identifier=identifier, secret=secret, kind=kind)
    except (services.LoginLocked, services.LoginFailed) as exc:
        form.add_error(None, exc.message)
        return None


def next_url(request, *, default: str, within: str = "/") -> str:
    """The `next` address of the request when it stays on this site (and under `within`), else
    `default`: a sign-in page never sends anyone elsewhere."""
    nxt = request.POST.get("next") or request.GET.get("next", "")
    if nxt.startswith(within) and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return default
