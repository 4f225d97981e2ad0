"""Every change to a repair request: reported by a tenant (web, kiosk, helper) or by an agent for
them (phone, counter), followed up by staff, technicians and contractors. Each function owns its
transaction, records one audit event and queues the messages it causes in the outbox."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.versioning import save_versioned

from . import notify
from .models import (
    OPEN_STATUSES,
    AccessSlot,
    Contractor,
    EventKind,
    Follower,
    Photo,
    Priority,
    Problem,
    RepairEvent,
    RepairRequest,
    RepairSettings,
    Since,
    Status,
    Team,
    WorkOrder,
    WorkOrderStatus,
)
from .photos import MAX_PHOTOS, reencode

INFORM_CHOICES = ("portal", "email", "sms", "letter")


def deadline_for(priority: str, start: dt.datetime, settings: RepairSettings | None = None) -> dt.datetime:
    settings = settings or RepairSettings.current()
    if priority == Priority.EMERGENCY:
        return start + dt.timedelta(hours=settings.emergency_hours)
    if priority == Priority.URGENT:
        return start + dt.timedelta(days=settings.urgent_days)
    return start + dt.timedelta(days=settings.routine_days)


def _event(repair, kind, *, acting: Acting, text: str = "", internal: bool = False, **data) -> RepairEvent:
    return RepairEvent.objects.create(request=repair, kind=kind, text=text[:2000], internal=internal,
                                      by=acting.user if acting.is_authenticated else None, data=data)


def _is_staff(acting: Acting) -> bool:
    return acting.is_authenticated and acting.user.is_staff_member


def _save(repair: RepairRequest, *, expected_version: int, fields: list[str], acting: Acting) -> None:
    """Save with the optimistic version check; a staff change also counts as "touched"."""
    repair.updated_at = timezone.now()
    fields = [*fields, "updated_at"]
    if _is_staff(acting) or (acting.is_authenticated and acting.user.role == Role.CONTRACTOR):
        repair.staff_touched_at = repair.updated_at
        fields.append("staff_touched_at")
    save_versioned(repair, expected_version=expected_version, fields=fields)


# --- photos ------------------------------------------------------------------------------------


def upload_photo(*, acting: Acting, upload, repair: RepairRequest | None = None) -> Photo:
    """Check, re-encode and keep one photo. Without `repair` it waits, owned by its uploader, for
    the request being reported. Raises DomainError (a message for the person) for anything that
    is not a photo, too large, or one too many."""
    if repair is not None and repair.photos.count() >= MAX_PHOTOS * 3:
        raise DomainError(_("This request has enough photos already."), field="photo")
    content, width, height = reencode(upload)
    with transaction.atomic():
        photo = Photo(request=repair, uploaded_by=acting.user if acting.is_authenticated else None,
                      width=width, height=height)
        photo.file.save(content.name, content, save=False)
        photo.save()
        record(acting, "repairs.photo_added", target=repair, data={"photo": photo.pk})
    return photo


def discard_pending_photo(*, acting: Acting, photo: Photo) -> None:
    """Drop a photo chosen during a report that is not sent yet."""
    if photo.request_id is not None:
        return
    storage, name = photo.file.storage, photo.file.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- reporting ---------------------------------------------------------------------------------


def _clean_choices(values, allowed) -> list[str]:
    return [v for v in dict.fromkeys(values or []) if v in allowed]


@transaction.atomic
def report_repair(
    *,
    acting: Acting,
    person,
    problem: Problem,
    description: str = "",
    since: str = Since.TODAY,
    access_slots=(),
    access_notes: str = "",
    keep_informed=(),
    photo_ids=(),
) -> RepairRequest:
    """A tenant reports a problem (themself, through a helper, at the kiosk, or an agent on the
    phone or at the counter: `acting.channel` says which). A problem of the common areas is
    reported for the building, not the home. Photos uploaded beforehand by the same account are
    attached. The household is told it was received, with the deadline."""
    from palier.tenancies.queries import current_tenancy_of

    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise DomainError(_("We cannot find your home. Please call your agency."))
    if not problem.active:
        raise DomainError(_("Choose a problem from the list."), field="problem")
    if since not in Since.values:
        raise DomainError(_("Choose since when."), field="since")
    now = timezone.now()
    building = tenancy.dwelling.building
    repair = RepairRequest.objects.create(
        reference=f"tmp-{secrets.token_hex(6)}",
        agency_id=building.estate.agency_id,
        building=building,
        tenancy=None if problem.is_common else tenancy,
        household=None if problem.is_common else tenancy.household,
        problem=problem,
        description=(description or "").strip()[:2000],
        since=since,
        access_slots=_clean_choices(access_slots, AccessSlot.values),
        access_notes=(access_notes or "").strip()[:300],
        keep_informed=_clean_choices(keep_informed, INFORM_CHOICES),
        priority=problem.priority,
        deadline=deadline_for(problem.priority, now),
        channel=acting.channel,
        created_by=acting.user if acting.is_authenticated else None,
        created_for=person,
    )
    repair.reference = f"R{now:%y}-{repair.pk:06d}"
    repair.save(update_fields=["reference"])
    if problem.is_common:
        Follower.objects.create(request=repair, person=person)
    if photo_ids and acting.is_authenticated:
        Photo.objects.filter(pk__in=list(photo_ids)[:MAX_PHOTOS], request__isnull=True,
                             uploaded_by=acting.user).update(request=repair)
    _event(repair, EventKind.RECEIVED, acting=acting, channel=acting.channel)
    notify.inform(acting=acting, repair=repair, text=notify.STATUS_TEXT[Status.RECEIVED], key="received",
                  params={"deadline": notify.deadline_text(repair.deadline)})
    record(acting, "repairs.request_reported", target=repair, subject_person_id=person.pk,
           data={"problem": problem.code, "channel": acting.channel, "priority": repair.priority})
    return repair


@transaction.atomic
def add_me_too(*, acting: Acting, repair: RepairRequest, person) -> bool:
    """A neighbour has the same common-area problem: they follow the open request instead of
    reporting it twice. Returns False when they already followed it."""
    repair = RepairRequest.objects.select_for_update().get(pk=repair.pk)
    if not repair.is_common or not repair.is_open:
        raise DomainError(_("This report is closed. Report the problem again if it is back."))
    try:
        with transaction.atomic():
            Follower.objects.create(request=repair, person=person)
    except IntegrityError:
        return False
    _event(repair, EventKind.ME_TOO, acting=acting, internal=True, person=person.pk)
    record(acting, "repairs.me_too_added", target=repair, subject_person_id=person.pk)
    return True


@transaction.atomic
def add_information(*, acting: Acting, repair: RepairRequest, text: str = "", photo_ids=()) -> None:
    """The household adds words or photos to its request."""
    text = (text or "").strip()
    moved = 0
    if photo_ids and acting.is_authenticated:
        moved = Photo.objects.filter(pk__in=list(photo_ids)[:MAX_PHOTOS], request__isnull=True,
                                     uploaded_by=acting.user).update(request=repair)
    if not text and not moved:
        raise DomainError(_("Write something or add a photo."), field="text")
    _event(repair, EventKind.INFO, acting=acting, text=text, photos=moved)
    RepairRequest.objects.filter(pk=repair.pk).update(updated_at=timezone.now())
    record(acting, "repairs.information_added", target=repair, data={"photos": moved})


@transaction.atomic
def cancel_request(*, acting: Acting, repair: RepairRequest, expected_version: int, reason: str = "") -> None:
    if not repair.is_open:
        raise DomainError(_("This request cannot be cancelled any more."))
    repair.status = Status.CANCELLED
    repair.closed_at = timezone.now()
    _save(repair, expected_version=expected_version, fields=["status", "closed_at"], acting=acting)
    _event(repair, EventKind.CANCELLED, acting=acting, text=reason)
    repair.work_orders.filter(status__in=[WorkOrderStatus.SENT, WorkOrderStatus.CONFIRMED]).update(
        status=WorkOrderStatus.CANCELLED)
    notify.inform(acting=acting, repair=repair, text=notify.STATUS_TEXT[Status.CANCELLED], key="cancelled")
    record(acting, "repairs.request_cancelled", target=repair)


@transaction.atomic
def confirm_fixed(*, acting: Acting, repair: RepairRequest, fixed: bool, rating: int | None = None,
                  comment: str = "") -> None:
    """After the work is done the household says whether it is fixed. Yes closes the request
    (with a rating from 1 to 5, if given); no reopens it and alerts the housing officer."""
    repair = RepairRequest.objects.select_for_update().get(pk=repair.pk)
    if repair.status != Status.DONE:
        raise DomainError(_("You can answer this once the work is done."))
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("Choose from 1 to 5 stars."), field="rating")
    now = timezone.now()
    repair.fixed, repair.rating = fixed, rating
    if fixed:
        repair.status, repair.closed_at = Status.CLOSED, now
        fields = ["fixed", "rating", "status", "closed_at"]
        save_versioned(repair, expected_version=repair.version, fields=[*fields])
        _event(repair, EventKind.CLOSED, acting=acting, text=comment, rating=rating)
        record(acting, "repairs.fixed_confirmed", target=repair, data={"rating": rating})
        return
    settings = RepairSettings.current()
    repair.status, repair.done_at = Status.RECEIVED, None
    repair.deadline = deadline_for(Priority.URGENT if repair.priority == Priority.ROUTINE else repair.priority, now,
                                   settings)
    save_versioned(repair, expected_version=repair.version,
                   fields=["fixed", "rating", "status", "done_at", "deadline"])
    _event(repair, EventKind.REOPENED, acting=acting, text=comment)
    notify.alert_officer(acting=acting, repair=repair, key=f"reopened-{repair.version}", text=_(
        "The household says repair %(reference)s is not fixed. It is open again.") % {"reference": repair.reference})
    record(acting, "repairs.request_reopened", target=repair)


# --- staff -------------------------------------------------------------------------------------

STAFF_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.CLOSED, Status.CANCELLED)


@transaction.atomic
def change_status(*, acting: Acting, repair: RepairRequest, status: str, expected_version: int) -> None:
    """Move a request along; the household (and every "me too") is told in plain words."""
    if status not in Status.values:
        raise DomainError(_("Choose a status."), field="status")
    if status == repair.status:
        raise DomainError(_("The request already has this status."), field="status")
    now = timezone.now()
    repair.status = status
    fields = ["status"]
    if status == Status.DONE:
        repair.done_at = now
        fields.append("done_at")
    if status in (Status.CLOSED, Status.CANCELLED):
        repair.closed_at = now
        fields.append("closed_at")
    _save(repair, expected_version=expected_version, fields=fields, acting=acting)
    _event(repair, status if status in EventKind.values else EventKind.MESSAGE, acting=acting)
    params = {"when": notify.when_text(repair.appointment_at) if repair.appointment_at else ""}
    notify.inform(acting=acting, repair=repair, text=notify.STATUS_TEXT[status], key=f"status-{repair.version}",
                  params=params)
    record(acting, "repairs.status_changed", target=repair, data={"status": status})


def _check_in_agency(repair, user, message):
    if user is not None and not user.agencies.filter(pk=repair.agency_id).exists():
        raise DomainError(message)


@transaction.atomic
def assign_request(*, acting: Acting, repair: RepairRequest, expected_version: int, assignee=None,
                   team: Team | None = None) -> None:
    """Give the request to an in-house technician and/or a team of the request's agency. A newly
    assigned technician is told; so is the household, in plain words, whoever handles it now."""
    if assignee is not None:
        if assignee.role != Role.TECHNICIAN:
            raise DomainError(_("Choose a technician."), field="assignee")
        _check_in_agency(repair, assignee, _("This technician does not work for this agency."))
    if team is not None and team.agency_id != repair.agency_id:
        raise DomainError(_("This team does not work for this agency."), field="team")
    before = (repair.assignee_id, repair.team_id)
    repair.assignee, repair.team = assignee, team
    _save(repair, expected_version=expected_version, fields=["assignee", "team"], acting=acting)
    who = ", ".join(str(x) for x in (assignee, team) if x) or _("nobody")
    _event(repair, EventKind.ASSIGNED, acting=acting, internal=True, text=who)
    if assignee is not None and assignee.pk != before[0] and assignee.pk != getattr(acting.user, "pk", None):
        notify.tell_technician(acting=acting, repair=repair, user=assignee)
    if (assignee or team) and (getattr(assignee, "pk", None), getattr(team, "pk", None)) != before:
        notify.inform(acting=acting, repair=repair, text=notify.ASSIGNED, key=f"assigned-{repair.version}",
                      params={"who": notify.assigned_to_text(assignee, team),
                              "deadline": notify.deadline_text(repair.deadline)})
    record(acting, "repairs.request_assigned", target=repair,
           data={"assignee": getattr(assignee, "pk", None), "team": getattr(team, "pk", None)})


@transaction.atomic
def raise_work_order(*, acting: Acting, repair: RepairRequest, contractor: Contractor, scope: str,
                     deadline: dt.datetime | None, expected_version: int) -> WorkOrder:
    """Send the work to a contractor with the minimum it needs: the tenant's name, phone and
    access notes, the address, the access slots. The firm gets it by email (see
    notify.tell_contractor); the household is told which firm will do the work."""
    scope = (scope or "").strip()
    if not scope:
        raise DomainError(_("Say what work is to be done."), field="scope")
    person = repair.created_for
    repair.status = Status.PLANNED if repair.status == Status.RECEIVED else repair.status
    _save(repair, expected_version=expected_version, fields=["status"], acting=acting)
    if repair.tenancy_id:
        address = repair.tenancy.dwelling.address
    else:
        address = repair.building.address
    order = WorkOrder.objects.create(
        request=repair, contractor=contractor, scope=scope[:2000], deadline=deadline or repair.deadline,
        access_slots=repair.access_slots, access_notes=repair.access_notes,
        tenant_name=person.full_name if person and not repair.is_common else "",
        tenant_phone=person.phone if person and not repair.is_common else "",
        address=address, created_by=acting.user if acting.is_authenticated else None,
    )
    _event(repair, EventKind.WORK_ORDER, acting=acting, internal=True, text=contractor.name, order=order.pk)
    notify.tell_contractor(acting=acting, order=order)
    notify.inform(acting=acting, repair=repair, text=notify.SENT_TO_FIRM, key=f"work-order-{order.pk}",
                  params={"firm": contractor.name})
    record(acting, "repairs.work_order_raised", target=repair, data={"contractor": contractor.pk, "order": order.pk})
    return order


@transaction.atomic
def reclassify(*, acting: Acting, repair: RepairRequest, problem: Problem, priority: str,
               expected_version: int) -> None:
    """Correct the problem or the priority; the deadline follows the new priority, counted from
    the report. The household is told the problem and the deadline's date when either changed."""
    if priority not in Priority.values:
        raise DomainError(_("Choose a priority."), field="priority")
    before = (repair.problem.code, repair.priority)
    deadline_before = repair.deadline
    repair.problem, repair.priority = problem, priority
    repair.deadline = deadline_for(priority, repair.created_at)
    _save(repair, expected_version=expected_version, fields=["problem", "priority", "deadline"], acting=acting)
    _event(repair, EventKind.RECLASSIFIED, acting=acting, internal=True, text=f"{problem.label} ({priority})")
    # The household reads a date: a deadline moved by less than that is no news to them.
    if problem.code != before[0] or timezone.localdate(repair.deadline) != timezone.localdate(deadline_before):
        notify.inform(acting=acting, repair=repair, text=notify.RECLASSIFIED, key=f"reclassified-{repair.version}",
                      params={"deadline": notify.deadline_text(repair.deadline)})
    record(acting, "repairs.request_reclassified", target=repair,
           data={"from": list(before), "to": [problem.code, priority]})


@transaction.atomic
def merge_requests(*, acting: Acting, duplicate: RepairRequest, into: RepairRequest,
                   expected_version: int | None = None, into_version: int | None = None) -> None:
    """The same problem reported twice: the duplicate is cancelled and points to the request
    kept; its reporter and followers follow the kept one, and its photos move there. They are
    told, in plain words, which request we handle now.

    `expected_version` and `into_version` are the versions the staff member saw (None: as
    loaded). Raises StaleEdit when someone changed either request since; nothing is merged."""
    if duplicate.pk == into.pk:
        raise DomainError(_("Choose another request."), field="into")
    if duplicate.agency_id != into.agency_id or duplicate.building_id != into.building_id:
        raise DomainError(_("Only requests of the same building can be merged."), field="into")
    current = {r.pk: r for r in RepairRequest.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])}
    kept, merged = current[into.pk], current[duplicate.pk]
    was_open = merged.is_open
    # Versions first, on fresh copies: a stale page is told "someone changed it", and nothing
    # moves (one transaction); the caller's objects change only once the merge is done.
    merged.status, merged.closed_at, merged.merged_into = Status.CANCELLED, timezone.now(), kept
    _save(merged, expected_version=duplicate.version if expected_version is None else expected_version,
          fields=["status", "closed_at", "merged_into"], acting=acting)
    _save(kept, expected_version=into.version if into_version is None else into_version, fields=[], acting=acting)
    if not kept.is_open:
        raise DomainError(_("The request to keep is not open."), field="into")
    if not was_open:
        raise DomainError(_("This request is not open."))
    for field in ("status", "closed_at", "merged_into", "version", "updated_at", "staff_touched_at"):
        setattr(duplicate, field, getattr(merged, field))
    into.version = kept.version
    people = {f.person_id for f in duplicate.followers.all()}
    if duplicate.created_for_id:
        people.add(duplicate.created_for_id)
    people.discard(into.created_for_id)
    for person_id in people:
        Follower.objects.get_or_create(request=into, person_id=person_id)
    duplicate.photos.update(request=into)
    _event(duplicate, EventKind.MERGED, acting=acting, text=into.reference)
    notify.inform(acting=acting, repair=duplicate, text=notify.MERGED, key=f"merged-{into.pk}",
                  params={"kept": into.reference})
    _event(into, EventKind.MERGED, acting=acting, internal=True, text=duplicate.reference)
    record(acting, "repairs.requests_merged", target=into, data={"duplicate": duplicate.pk})


@transaction.atomic
def add_note(*, acting: Acting, repair: RepairRequest, text: str) -> None:
    """An internal note: staff only, never shown to the household."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the note."), field="text")
    _event(repair, EventKind.NOTE, acting=acting, internal=True, text=text)
    RepairRequest.objects.filter(pk=repair.pk).update(staff_touched_at=timezone.now())
    record(acting, "repairs.note_added", target=repair)


@transaction.atomic
def message_tenant(*, acting: Acting, repair: RepairRequest, text: str) -> None:
    """A message to the household, on the timeline and through their channels."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the message."), field="text")
    event = _event(repair, EventKind.MESSAGE, acting=acting, text=text)
    RepairRequest.objects.filter(pk=repair.pk).update(staff_touched_at=timezone.now())
    notify.inform(acting=acting, repair=repair, text=notify.MESSAGE, key=f"message-{event.pk}", params={"text": text})
    record(acting, "repairs.tenant_messaged", target=repair)


@transaction.atomic
def set_appointment(*, acting: Acting, repair: RepairRequest, at: dt.datetime, expected_version: int) -> None:
    """Book a visit; the household is told now and reminded the day before through the ways it
    chose (a household that reads only paper: in this letter, see notify.announce_visit)."""
    if at <= timezone.now():
        raise DomainError(_("Choose a moment in the future."), field="appointment_at")
    if not repair.is_open:
        raise DomainError(_("This request is not open."))
    repair.appointment_at = at
    repair.status = Status.PLANNED if repair.status == Status.RECEIVED else repair.status
    _save(repair, expected_version=expected_version, fields=["appointment_at", "status"], acting=acting)
    _event(repair, EventKind.PLANNED, acting=acting, at=at.isoformat())
    notify.announce_visit(acting=acting, repair=repair, at=at, key=f"appointment-{repair.version}")
    record(acting, "repairs.appointment_set", target=repair, data={"at": at.isoformat()})


@transaction.atomic
def mark_on_the_way(*, acting: Acting, repair: RepairRequest, expected_version: int) -> None:
    """The technician leaves for the visit: the household reads "technician on the way"."""
    if not repair.is_open:
        raise DomainError(_("This request is not open."))
    repair.status = Status.IN_PROGRESS
    _save(repair, expected_version=expected_version, fields=["status"], acting=acting)
    _event(repair, EventKind.ON_THE_WAY, acting=acting)
    notify.inform(acting=acting, repair=repair, text=notify.ON_THE_WAY, key=f"on-the-way-{repair.version}")
    record(acting, "repairs.status_changed", target=repair, data={"status": "on_the_way"})


# --- contractors -------------------------------------------------------------------------------


def _order_for_update(order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().select_related("request").get(pk=order.pk)


@transaction.atomic
def confirm_work_order_appointment(*, acting: Acting, order: WorkOrder, at: dt.datetime) -> None:
    order = _order_for_update(order)
    if order.status in (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED):
        raise DomainError(_("This work order is finished."))
    if at <= timezone.now():
        raise DomainError(_("Choose a moment in the future."), field="appointment_at")
    order.status, order.appointment_at = WorkOrderStatus.CONFIRMED, at
    order.save(update_fields=["status", "appointment_at", "updated_at"])
    repair = order.request
    repair.appointment_at = at
    repair.status = Status.PLANNED if repair.status == Status.RECEIVED else repair.status
    _save(repair, expected_version=repair.version, fields=["appointment_at", "status"], acting=acting)
    _event(repair, EventKind.PLANNED, acting=acting, at=at.isoformat())
    notify.announce_visit(acting=acting, repair=repair, at=at, key=f"appointment-{repair.version}")
    record(acting, "repairs.work_order_confirmed", target=repair, data={"order": order.pk})


@transaction.atomic
def report_work_order_done(*, acting: Acting, order: WorkOrder, report: str = "", photo_ids=()) -> None:
    order = _order_for_update(order)
    if order.status in (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED):
        raise DomainError(_("This work order is finished."))
    order.status, order.report = WorkOrderStatus.DONE, (report or "").strip()[:2000]
    order.save(update_fields=["status", "report", "updated_at"])
    if photo_ids:
        Photo.objects.filter(pk__in=list(photo_ids)[:MAX_PHOTOS], request__isnull=True,
                             uploaded_by=acting.user).update(request=order.request)
    repair = order.request
    if repair.is_open:
        repair.status, repair.done_at = Status.DONE, timezone.now()
        _save(repair, expected_version=repair.version, fields=["status", "done_at"], acting=acting)
        _event(repair, EventKind.DONE, acting=acting)
        notify.inform(acting=acting, repair=repair, text=notify.STATUS_TEXT[Status.DONE],
                      key=f"status-{repair.version}")
    record(acting, "repairs.work_order_done", target=repair, data={"order": order.pk})


@transaction.atomic
def report_no_one_home(*, acting: Acting, order: WorkOrder, report: str = "") -> None:
    order = _order_for_update(order)
    if order.status in (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED):
        raise DomainError(_("This work order is finished."))
    order.status, order.report = WorkOrderStatus.NO_ONE_HOME, (report or "").strip()[:2000]
    order.save(update_fields=["status", "report", "updated_at"])
    repair = order.request
    _event(repair, EventKind.NO_ONE_HOME, acting=acting, text=order.report)
    notify.inform(acting=acting, repair=repair, key=f"no-one-home-{order.pk}-{order.version}", text=_lazy_no_one())
    notify.alert_officer(acting=acting, repair=repair, key=f"no-one-home-{order.pk}", text=_(
        "No one was home for repair %(reference)s. Call the household for a new appointment.")
        % {"reference": repair.reference})
    record(acting, "repairs.work_order_no_one_home", target=repair, data={"order": order.pk})


def _lazy_no_one():
    from django.utils.translation import gettext_lazy

    return gettext_lazy("We came for your repair %(reference)s but no one was home. We will call you for a new "
                        "appointment.")


# --- background --------------------------------------------------------------------------------


def alert_untouched(*, acting: Acting, now: dt.datetime | None = None) -> int:
    """Alert the officer about open requests nobody in staff touched since the configured delay.
    Each request is alerted once. Returns how many were alerted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=RepairSettings.current().untouched_alert_hours)
    pending = RepairRequest.objects.filter(
        status__in=OPEN_STATUSES, staff_touched_at__isnull=True, untouched_alert_at__isnull=True,
        created_at__lte=cutoff,
    ).select_related("tenancy__housing_officer", "agency").order_by("pk")
    alerted = 0
    for repair in pending.iterator(chunk_size=500):
        with transaction.atomic():
            if not RepairRequest.objects.filter(pk=repair.pk, untouched_alert_at__isnull=True).update(
                    untouched_alert_at=now):
                continue
            notify.alert_officer(acting=acting, repair=repair, key="untouched", text=_(
                "Nobody has handled repair %(reference)s since it was reported.") % {"reference": repair.reference})
            record(acting, "repairs.untouched_alerted", target=repair)
            alerted += 1
    return alerted


def send_appointment_reminders(*, acting: Acting, today: dt.date | None = None) -> int:
    """A reminder the day before each appointment, through the ways each person chose that reach
    them in time: a text to a mobile, an email, their inbox (notify.reminder_channels). Those who
    read only paper had theirs in the letter announcing the visit. Idempotent per appointment."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    sent = 0
    for repair in RepairRequest.objects.filter(status__in=OPEN_STATUSES, appointment_at__gte=start,
                                               appointment_at__lt=end).select_related("problem"):
        local = timezone.localtime(repair.appointment_at)
        with transaction.atomic():
            sent += notify.inform(
                acting=acting, repair=repair, text=notify.REMINDER, channels=notify.reminder_channels,
                key=f"reminder-{repair.appointment_at:%Y%m%d%H%M}",
                params={"date": notify.date_text(local.date()), "time": f"{local:%H:%M}"},
            )
    return sent
