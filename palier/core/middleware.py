from django.utils.functional import SimpleLazyObject

from .acting import Acting, Channel


def client_ip(request) -> str:
    """The caller's address. Behind a reverse proxy, REMOTE_ADDR is set by the proxy
    (gunicorn's --forwarded-allow-ips), never taken from a header the client controls."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class ActingMiddleware:
    """Builds `request.acting` for views. A kiosk request (see palier.kiosk) is marked by
    `request.kiosk`, set by the kiosk's own middleware before this one runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def build():
            kiosk = getattr(request, "kiosk", None)
            user = request.user if request.user.is_authenticated else None
            return Acting(
                user=user,
                channel=Channel.KIOSK if kiosk else Channel.WEB,
                ip=client_ip(request),
                kiosk=kiosk,
            )

        request.acting = SimpleLazyObject(build)
        return self.get_response(request)
