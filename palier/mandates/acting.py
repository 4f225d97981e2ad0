"""Acting for a tenant on the portal: a helper under a valid mandate, or staff at the counter or
on the phone. The choice is kept in the session; it is checked again on every request, so a
revoked scope or an expired mandate stops working at once, to the second.

`resolve` is registered in palier.core.middleware from MandatesConfig.ready(); it fills
`request.acting.for_person` and leaves `request.palier_grant` for `served_person`.
"""

from dataclasses import dataclass

from django.utils import timezone

from palier.accounts.models import Role
from palier.core.acting import Channel

from .queries import live_scopes, person_staff_may_act_for
from .scopes import Scope

SESSION_PERSON = "palier_acting_for"
SESSION_CHANNEL = "palier_acting_channel"
STAFF_CHANNELS = (Channel.PHONE, Channel.COUNTER)


@dataclass(frozen=True)
class Grant:
    person: object
    scopes: frozenset
    channel: str
    mandate: object = None  # None when staff act

    @property
    def by_staff(self) -> bool:
        return self.mandate is None

    @property
    def scope_list(self) -> list:
        return [s for s in Scope if s.value in self.scopes]


def start(request, *, person_id: int, channel: str = Channel.WEB) -> None:
    request.session[SESSION_PERSON] = int(person_id)
    request.session[SESSION_CHANNEL] = channel


def stop(request) -> None:
    request.session.pop(SESSION_PERSON, None)
    request.session.pop(SESSION_CHANNEL, None)


def acting_for_id(request) -> int | None:
    return request.session.get(SESSION_PERSON)


def resolve(request):
    """(person, channel) the signed-in helper or staff member acts for on this portal request, or
    None. Sets `request.palier_grant`."""
    request.palier_grant = None
    person_id = request.session.get(SESSION_PERSON) if hasattr(request, "session") else None
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if not person_id or user is None or not user.is_authenticated or match is None or match.namespace != "portal":
        return None
    if user.role == Role.HELPER:
        mandate, scopes = live_scopes(user.pk, person_id, timezone.now())
        if mandate is None:
            stop(request)  # ended, stopped or emptied: the helper acts for nobody any more
            return None
        request.palier_grant = Grant(person=mandate.tenant, scopes=scopes, channel=Channel.WEB, mandate=mandate)
        return mandate.tenant, Channel.WEB
    person = person_staff_may_act_for(user, person_id)
    if person is None:
        stop(request)
        return None
    channel = request.session.get(SESSION_CHANNEL)
    channel = channel if channel in STAFF_CHANNELS else Channel.COUNTER
    request.palier_grant = Grant(person=person, scopes=frozenset(Scope.values), channel=channel)
    return person, channel
