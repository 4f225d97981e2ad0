"""Reads of mandates. `get_*_for(acting, pk)` fetches and authorises: anything the actor may not
see raises Http404, exactly like something that does not exist."""

import datetime as dt

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role
from palier.tenancies.models import Person
from palier.tenancies.queries import person_of, staff_households_q

from .models import Mandate, MandateScope, MandateState, MandateUse

# Staff who may act for a tenant, register a paper form or stop a mandate: those who act on files.
STAFF_ACTING_ROLES = frozenset({Role.AGENT, Role.MANAGER})


def _with_scopes(qs):
    return qs.select_related("tenant", "helper").prefetch_related(
        Prefetch("scopes", queryset=MandateScope.objects.order_by("id")))


def valid_q(now: dt.datetime) -> Q:
    return Q(state=MandateState.ACTIVE, starts_at__lte=now, ends_at__gt=now)


def live_scopes(helper_id: int, person_id: int, now: dt.datetime) -> tuple[Mandate | None, frozenset]:
    """The valid mandate of this helper for this person and the scopes it still grants, in one
    query; (None, ∅) when there is none. Checked against `now` on every request."""
    rows = list(
        MandateScope.objects.filter(
            mandate__helper_id=helper_id, mandate__tenant_id=person_id, mandate__state=MandateState.ACTIVE,
            mandate__starts_at__lte=now, mandate__ends_at__gt=now, revoked_at__isnull=True,
        ).select_related("mandate__tenant__household", "mandate__tenant__user")
    )
    if not rows:
        return None, frozenset()
    return rows[0].mandate, frozenset(r.scope for r in rows if r.mandate_id == rows[0].mandate_id)


def mandates_held_by(helper, *, now: dt.datetime | None = None) -> list[Mandate]:
    """The helper's valid mandates, soonest ending last, with their scopes."""
    now = now or timezone.now()
    return list(_with_scopes(Mandate.objects.filter(valid_q(now), helper=helper)).order_by("tenant__last_name", "pk"))


def requests_waiting_for(helper, *, now: dt.datetime | None = None) -> list[Mandate]:
    """Requests this helper made by SMS whose code they have not typed yet."""
    now = now or timezone.now()
    return list(_with_scopes(Mandate.objects.filter(helper=helper, state=MandateState.PENDING,
                                                    code_expires_at__gt=now)))


def mandates_given_by(person: Person) -> list[Mandate]:
    """The mandates the person gave (requests they refused, never given, left out)."""
    return list(_with_scopes(Mandate.objects.filter(tenant=person).exclude(state=MandateState.PENDING)
                             .exclude(state=MandateState.REVOKED, consented_at__isnull=True))[:100])


def requests_waiting_on(person: Person, *, now: dt.datetime | None = None) -> list[Mandate]:
    """Requests made by SMS to this tenant that still wait for their code: they may answer them
    directly on the portal or at the kiosk."""
    from .services import MAX_CODE_ATTEMPTS

    now = now or timezone.now()
    return list(_with_scopes(Mandate.objects.filter(tenant=person, state=MandateState.PENDING, code_expires_at__gt=now,
                                                    code_attempts__lt=MAX_CODE_ATTEMPTS)).order_by("code_expires_at"))


def get_request_waiting_on(person: Person, pk) -> Mandate:
    """One of `requests_waiting_on(person)`; anything else is a 404."""
    try:
        return next(m for m in requests_waiting_on(person) if str(m.pk) == str(pk))
    except StopIteration:
        raise Http404 from None


def mandates_of_household(household_id: int) -> list[Mandate]:
    return list(_with_scopes(Mandate.objects.filter(tenant__household_id=household_id))[:200])


def known_helpers_of(person: Person):
    """Helpers this tenant gave a mandate to before: offered again by name."""
    from palier.accounts.models import User

    return User.objects.filter(role=Role.HELPER, is_active=True, mandates_held__tenant=person).distinct().order_by(
        "first_name", "last_name")[:20]


def journal_of(person: Person):
    """Every use made of a mandate for this person, and every time staff acted for them."""
    return MandateUse.objects.filter(person=person).select_related("actor").order_by("-at", "-id")


def get_mandate_for(acting, pk) -> Mandate:
    """A tenant sees the mandates they gave; a helper those given to them; agents and managers
    those of the households of their agencies. Anything else is a 404."""
    user = acting.user
    if user is None or not user.is_authenticated:
        raise Http404
    qs = _with_scopes(Mandate.objects.all())
    if user.role == Role.TENANT:
        me = person_of(user)
        if me is None:
            raise Http404
        qs = qs.filter(tenant=me)
    elif user.role == Role.HELPER:
        qs = qs.filter(helper=user)
    elif user.role in STAFF_ACTING_ROLES:
        qs = qs.filter(tenant__household__in=_households_of(user))
    else:
        raise Http404
    try:
        return qs.get(pk=pk)
    except (Mandate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _households_of(user):
    from palier.tenancies.models import Household

    return Household.objects.filter(staff_households_q(user)).values("pk")


def person_staff_may_act_for(user, person_id) -> Person | None:
    if user.role not in STAFF_ACTING_ROLES:
        return None
    return (Person.objects.filter(pk=person_id, household__in=_households_of(user))
            .select_related("household", "user").first())
