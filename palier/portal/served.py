"""Whom a portal page serves: the signed-in tenant, or the tenant a helper acts for.

Every tenant page of the portal starts with `served_person(request, Scope.X)`. A tenant gets
their own Person. A helper gets the tenant they chose to act for, only while a valid mandate grants
that scope; anyone else, or a helper without that scope, gets 404.
"""

from django.http import Http404

from palier.accounts.models import Role
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
    raise Http404
