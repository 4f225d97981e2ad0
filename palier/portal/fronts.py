"""Journeys drawn on both the portal and the kiosk (reporting a repair, sending income documents).

Their pages are written once and take a `Front`: where they are drawn. The portal's views wrap
them with `on_portal(front)`, the kiosk's with `palier.kiosk.fronts.on_kiosk`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.urls import reverse


@dataclass(frozen=True)
class Front:
    """The URL namespace, the base template, whether it is the kiosk, and how a page is rendered."""

    ns: str
    base_template: str
    kiosk: bool
    render: Callable

    def url(self, name, *args):
        return reverse(f"{self.ns}:{name}", args=args)


def on_portal(front: Front):
    """A page of a shared journey as a portal view: signed-in users, drawn on `front`."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, front, *args, **kwargs)

        return wrapper

    return decorate
