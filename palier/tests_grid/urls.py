"""Every named URL pattern of the project, walked from the root URLconf."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own admin and the static/media file views are not Palier's pages.
EXCLUDED_PREFIXES = ("django-admin/", "static/", "media/")


def all_url_names(patterns=None, namespace="", prefix="") -> dict[str, str]:
    """{"portal:home": "", "backoffice:login": "staff/sign-in/", ...}; unnamed patterns are listed by
    their route with a "(unnamed)" marker so that they cannot hide from the grid either."""
    found = {}
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found.update(all_url_names(p.url_patterns, ns, route))
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else f"(unnamed) {route}"
            found[name] = route
    return found
