"""Whom a portal page serves: the signed-in tenant, or the tenant a helper acts for.

Every tenant page of the portal starts with `served_person(request, Scope.X)`. A tenant gets
their own Person. A helper gets the tenant they chose to act for, only while a valid mandate grants
that scope (checked against the clock on every request); staff acting for a tenant at the counter
or on the phone get that tenant for every scope; anyone else, or a helper without that scope,
gets 404. Each request served for someone else writes one line to the tenant's journal.
"""

from django.http import Http404

from palier.accounts.models import Role
from palier.mandates.services import record_use
from palier.tenancies.queries import person_of


def served_person(request, scope: str):
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if user.role == Role.TENANT:
        person = person_of(user)
        if person is None:
            raise Http404
        return person
    person = request.acting.for_person  # resolved (and checked) once per request
    grant = getattr(request, "palier_grant", None)
    if person is None or grant is None or str(scope) not in grant.scopes:
        raise Http404
    journal_use(request, grant, scope)
    return person


def serves_scope(request, scope: str) -> bool:
    """Whether `served_person(request, scope)` would serve someone: a link shows only when the page
    behind it opens for whoever is acting. Writes no journal line."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.role == Role.TENANT:
        return True
    grant = getattr(request, "palier_grant", None)
    return request.acting.for_person is not None and grant is not None and str(scope) in grant.scopes


def journal_use(request, grant, scope) -> None:
    """One journal line per request, however many parts of the page ask for the person."""
    if getattr(request, "_palier_use_journaled", False):
        return
    request._palier_use_journaled = True
    match = getattr(request, "resolver_match", None)
    record_use(
        actor=request.user, person_id=grant.person.pk, mandate_id=grant.mandate.pk if grant.mandate else None,
        scope=str(scope) if scope else "", page=match.view_name if match else request.path,
        action="view" if request.method in ("GET", "HEAD") else "action", channel=grant.channel,
    )
