"""Reads of repair requests. `get_*_for` fetches and authorises: anything the actor may not see
is a 404, exactly like something that does not exist.

Who sees a request: its household (and everyone who said "me too" on a common-area request);
agents and managers of its agency; the technician it is assigned to, or the members of its team;
a contractor only through its own work orders."""

import datetime as dt

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from palier.accounts.models import Role

from .models import OPEN_STATUSES, Follower, Photo, Problem, RepairEvent, RepairRequest, Room, WorkOrder

# A request whose deadline is nearer than this stands out in the queue.
NEAR_DEADLINE = dt.timedelta(hours=24)


def problems_in(room: str) -> QuerySet:
    return Problem.objects.filter(room=room, active=True).order_by("position", "code")


def rooms() -> list[tuple[str, str]]:
    return list(Room.choices)


def household_requests_q(person) -> Q:
    followed = Follower.objects.filter(request=OuterRef("pk"), person__household_id=person.household_id)
    return Q(household_id=person.household_id) | Q(Exists(followed))


def requests_of_household(person) -> QuerySet:
    """The household's requests and the common-area ones it follows, newest first (lazy: fit to
    use as a subquery)."""
    return (
        RepairRequest.objects.filter(household_requests_q(person))
        .select_related("problem")
        .order_by("-created_at", "-pk")
    )


def requests_listed_for(person) -> QuerySet:
    """The same requests for the tenant's "my requests" list, read the fast way: the followed
    requests first (one small query), because `household = X OR EXISTS (…)` makes PostgreSQL scan
    every request of the landlord, while `household = X OR id IN (1, 2)` reads two indexes."""
    followed = list(Follower.objects.filter(person__household_id=person.household_id)
                    .values_list("request_id", flat=True))
    visible = Q(household_id=person.household_id)
    if followed:
        visible |= Q(pk__in=followed)
    return RepairRequest.objects.filter(visible).select_related("problem").order_by("-created_at", "-pk")


def open_common_requests(building, *, exclude_person=None) -> list[RepairRequest]:
    """Open reports for the common areas of a building, for "me too"."""
    qs = RepairRequest.objects.filter(building=building, tenancy__isnull=True, status__in=OPEN_STATUSES,
                                      merged_into__isnull=True).select_related("problem").order_by("-created_at")
    requests = list(qs[:20])
    if exclude_person is not None:
        mine = set(Follower.objects.filter(request__in=requests, person__household_id=exclude_person.household_id)
                   .values_list("request_id", flat=True))
        for r in requests:
            r.followed = r.pk in mine
    return requests


def get_request_for_person(person, pk) -> RepairRequest:
    """A request of the person's household, or a common-area one they may see: one they follow,
    or an open one of their building (to say "me too")."""
    from palier.tenancies.queries import current_tenancy_of

    tenancy = current_tenancy_of(person)
    building_id = tenancy.dwelling.building_id if tenancy else None
    visible = household_requests_q(person) | Q(tenancy__isnull=True, building_id=building_id,
                                               status__in=OPEN_STATUSES)
    try:
        return (RepairRequest.objects.filter(visible).select_related("problem", "building", "created_for")
                .get(pk=pk))
    except (RepairRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tenant_timeline(repair) -> list[RepairEvent]:
    return list(repair.events.filter(internal=False).select_related("by"))


def staff_requests(user) -> QuerySet:
    """Requests in the staff member's reach (see the module's docstring)."""
    if user is None or not user.is_authenticated:
        return RepairRequest.objects.none()
    if user.role in (Role.AGENT, Role.MANAGER):
        return RepairRequest.objects.filter(agency__staff=user)
    if user.role == Role.TECHNICIAN:
        return RepairRequest.objects.filter(Q(assignee=user) | Q(team__members=user)).distinct()
    return RepairRequest.objects.none()


def queue_for(user, *, status: str = "", priority: str = "", assignee: str = "", open_only: bool = True) -> QuerySet:
    """The back-office queue, soonest deadline first; filters as typed in the form.

    For agents and managers the agencies are read first (one small query): `agency_id = 3` lets
    PostgreSQL walk the open-requests index in deadline order and stop after one page, where a join
    on the agency's staff makes it fetch and sort every open request of the agency."""
    qs = staff_requests(user)
    if user is not None and user.is_authenticated and user.role in (Role.AGENT, Role.MANAGER):
        qs = RepairRequest.objects.filter(agency_id__in=list(user.agencies.values_list("pk", flat=True)))
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if priority:
        qs = qs.filter(priority=priority)
    if assignee == "none":
        qs = qs.filter(assignee__isnull=True, team__isnull=True)
    elif assignee.startswith("team-") and assignee[5:].isdigit():
        qs = qs.filter(team_id=int(assignee[5:]))
    elif assignee.isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    return qs.select_related("problem", "building", "assignee", "team", "created_for").order_by("deadline", "pk")


def tenant_file_requests(user, tenancy, *, limit: int = 10):
    """The household's requests for its back-office file: open ones first, soonest deadline first,
    then the others, newest first; each with its deadline state. At most `limit` rows, with
    `more` set when there are others. One query. None for staff who do not handle repairs."""
    if getattr(user, "role", None) not in (Role.AGENT, Role.MANAGER):
        return None
    now = timezone.now()
    rows = list(
        staff_requests(user).filter(household_id=tenancy.household_id)
        .annotate(finished=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1)))
        .select_related("problem")
        .order_by("finished", Case(When(status__in=OPEN_STATUSES, then=F("deadline"))).asc(nulls_last=True),
                  "-created_at", "-pk")[: limit + 1]
    )
    for repair in rows:
        repair.deadline_state = deadline_state(repair, now)
    return {"rows": rows[:limit], "more": len(rows) > limit}


def deadline_state(repair, now=None) -> str:
    """"late", "soon" or "" for a request, for the queue's highlighting."""
    if not repair.is_open:
        return ""
    now = now or timezone.now()
    if repair.deadline < now:
        return "late"
    if repair.deadline - now < NEAR_DEADLINE:
        return "soon"
    return ""


def get_request_for(acting, pk) -> RepairRequest:
    """A request in the staff member's reach; anything else is a 404."""
    try:
        return (staff_requests(acting.user)
                .select_related("problem", "building__estate", "tenancy__dwelling", "created_for", "assignee",
                                "team", "agency")
                .get(pk=pk))
    except (RepairRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def work_orders_for(user) -> QuerySet:
    if user is None or not user.is_authenticated or user.role != Role.CONTRACTOR:
        return WorkOrder.objects.none()
    return WorkOrder.objects.filter(contractor__users=user).select_related("request__problem", "contractor")


def get_work_order_for(acting, pk) -> WorkOrder:
    try:
        return work_orders_for(acting.user).get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_photo_for(acting, pk, *, person=None) -> Photo:
    """A photo the actor may see: of a request they may see (as household, staff or contractor
    through a work order), or one they uploaded and have not sent yet."""
    try:
        photo = Photo.objects.select_related("request").get(pk=pk)
    except (Photo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    user = acting.user
    if photo.request_id is None:
        if user is not None and photo.uploaded_by_id == user.pk:
            return photo
        raise Http404
    if person is not None:
        get_request_for_person(person, photo.request_id)
        return photo
    if user is None or not user.is_authenticated:
        raise Http404
    if user.role == Role.CONTRACTOR:
        if work_orders_for(user).filter(request_id=photo.request_id).exists():
            return photo
        raise Http404
    if staff_requests(user).filter(pk=photo.request_id).exists():
        return photo
    raise Http404
