"""Reads of the rent revision. `get_*_for` fetches and authorises: anything out of reach is a 404.

Income documents are seen by the household itself (or a helper with the documents scope, through
the portal's served person) and by the agents and managers of the household's agency; not by
accountants, technicians, administrators or other agencies."""

from django.db.models import Count, Q
from django.http import Http404

from palier.accounts.models import Role

from .models import Campaign, IncomeDocument, IncomeRequest, Status

RENT_STAFF = (Role.AGENT, Role.MANAGER)


def current_request_of(person) -> IncomeRequest | None:
    """The household's latest request (the newest campaign's), or None when never asked."""
    return (IncomeRequest.objects.filter(household_id=person.household_id).select_related("campaign")
            .order_by("-campaign__year", "-campaign__opened_at").first())


def own_document(request: IncomeRequest, pk) -> IncomeDocument:
    try:
        return request.documents.get(pk=pk)
    except (IncomeDocument.DoesNotExist, ValueError):
        raise Http404 from None


def _staff(user) -> bool:
    return user is not None and user.is_authenticated and user.role in RENT_STAFF


def _agency_q(user, prefix: str) -> Q:
    """Households (reached through `prefix`) with a tenancy in one of the user's agencies."""
    return Q(**{f"{prefix}tenancies__dwelling__building__estate__agency__staff": user})


def campaigns_for(user):
    if not _staff(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(Q(agency__isnull=True) | Q(agency__staff=user)).select_related("agency").distinct()


def get_campaign_for(user, pk) -> Campaign:
    try:
        return campaigns_for(user).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError):
        raise Http404 from None


def requests_of(campaign: Campaign, user, *, status: str = ""):
    """The campaign's requests within the user's agencies, with their household and file count."""
    qs = IncomeRequest.objects.filter(campaign=campaign)
    qs = qs.filter(household__in=_households(user))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("household").annotate(files=Count("documents")).order_by("household__name", "pk")


def status_counts(campaign: Campaign, user) -> list[tuple[str, str, int]]:
    counts = dict(IncomeRequest.objects.filter(campaign=campaign, household__in=_households(user))
                  .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def _households(user):
    from palier.tenancies.models import Household

    return Household.objects.filter(_agency_q(user, "")).values("pk")


def get_request_for(user, pk) -> IncomeRequest:
    if not _staff(user):
        raise Http404
    try:
        return (IncomeRequest.objects.select_related("campaign", "household")
                .filter(household__in=_households(user)).get(pk=pk))
    except (IncomeRequest.DoesNotExist, ValueError):
        raise Http404 from None


def get_document_for(user, pk) -> IncomeDocument:
    if not _staff(user):
        raise Http404
    try:
        return (IncomeDocument.objects.select_related("request__household")
                .filter(request__household__in=_households(user)).get(pk=pk))
    except (IncomeDocument.DoesNotExist, ValueError):
        raise Http404 from None
