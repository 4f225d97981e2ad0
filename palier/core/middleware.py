from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .acting import Acting, Channel


def client_ip(request) -> str:
    """The caller's address, which sign-in throttling is keyed on.

    Behind N trusted reverse proxies (PALIER_PROXY_COUNT=N), each appends the address it received
    the request from to X-Forwarded-For, so the client is the N-th address from the right; what a
    client writes in the header itself stands further left and is ignored. Without proxies,
    REMOTE_ADDR."""
    hops = settings.PALIER_PROXY_COUNT
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# Who the signed-in user acts for: a higher app (mandates) registers a function here from its
# AppConfig.ready(); it gets the request and returns (person, channel) or None.
_for_person_resolvers = []


def register_for_person_resolver(resolver) -> None:
    if resolver not in _for_person_resolvers:
        _for_person_resolvers.append(resolver)


class ActingMiddleware:
    """Builds `request.acting` for views, lazily (on first use, once the URL is resolved). A kiosk
    request (see palier.kiosk) is marked by `request.kiosk`, set by the kiosk's own middleware
    before this one runs. When a helper or a staff member acts for a tenant, `for_person` is that
    tenant and `channel` the way staff were reached (phone, counter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def build():
            kiosk = getattr(request, "kiosk", None)
            user = request.user if request.user.is_authenticated else None
            for_person, channel = None, Channel.KIOSK if kiosk else Channel.WEB
            if user is not None and not kiosk:
                for resolver in _for_person_resolvers:
                    found = resolver(request)
                    if found is not None:
                        for_person, channel = found
                        break
            return Acting(
                user=user,
                for_person=for_person,
                channel=channel,
                ip=client_ip(request),
                kiosk=kiosk,
            )

        request.acting = SimpleLazyObject(build)
        return self.get_response(request)
