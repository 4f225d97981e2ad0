"""Staff, contractors and helpers confirm their sign-in with a second factor before any page
that shows data: the back office, a helper's portal pages, the Django admin. Only the pages that
sign in, sign out, set up or check the second factor, switch the language or say where help is
stay open until then."""

from django.urls import Resolver404, resolve

from .permissions import second_factor_redirect

OPEN_UNTIL_VERIFIED = frozenset({
    "backoffice:login",
    "backoffice:logout",
    "backoffice:two-factor-verify",
    "backoffice:two-factor-setup",
    "backoffice:passkey-i18n",
    "backoffice:passkey-register-begin",
    "backoffice:passkey-register-complete",
    "backoffice:passkey-authenticate-begin",
    "backoffice:passkey-authenticate-complete",
    "portal:logout",
    "portal:accessibility",
    "portal:landlord-logo",
    "set-language",
    "health",
})


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None  # the page does not exist: the 404 says so
            if name is not None and name not in OPEN_UNTIL_VERIFIED:
                response = second_factor_redirect(request)
                if response is not None:
                    return response
        return self.get_response(request)
