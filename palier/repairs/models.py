"""Repairs: the problem catalogue, repair requests and their timeline, photos, contractors and
work orders.

The catalogue's words (what a tenant reads) are translatable strings kept in `catalogue.py`; the
rows here hold what staff may change: who is responsible, the default priority, whether it is an
emergency."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palier.core.acting import Channel
from palier.core.models import VersionedModel


class Room(models.TextChoices):
    KITCHEN = "kitchen", _("Kitchen")
    BATHROOM = "bathroom", _("Bathroom and toilet")
    HEATING = "heating", _("Heating and hot water")
    ELECTRICITY = "electricity", _("Electricity")
    DOORS_WINDOWS = "doors_windows", _("Doors and windows")
    WATER = "water", _("Water and leaks")
    COMMON_AREAS = "common_areas", _("Common areas of the building")


class Responsible(models.TextChoices):
    TENANT = "tenant", _("the tenant")
    LANDLORD = "landlord", _("the landlord")
    CONTRACTOR = "contractor", _("the contractor under contract")


class Priority(models.TextChoices):
    EMERGENCY = "emergency", _("emergency")
    URGENT = "urgent", _("urgent")
    ROUTINE = "routine", _("routine")


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (Status.RECEIVED, Status.PLANNED, Status.IN_PROGRESS)


class Since(models.TextChoices):
    TODAY = "today", _("Today")
    DAYS = "days", _("A few days")
    WEEKS = "weeks", _("A few weeks")
    LONGER = "longer", _("More than a month")


class AccessSlot(models.TextChoices):
    MORNING = "morning", _("In the morning")
    AFTERNOON = "afternoon", _("In the afternoon")
    EVENING = "evening", _("Early evening")
    ANY = "any", _("Any time, someone is always home")


class RepairSettings(models.Model):
    """The landlord's deadlines per priority class and the delay after which an untouched request
    alerts the housing officer. One row; Belgian defaults."""

    emergency_hours = models.PositiveSmallIntegerField(_("emergency: make safe within (hours)"), default=24)
    urgent_days = models.PositiveSmallIntegerField(_("urgent: repair within (days)"), default=7)
    routine_days = models.PositiveSmallIntegerField(_("routine: repair within (days)"), default=30)
    untouched_alert_hours = models.PositiveSmallIntegerField(_("alert when nobody touched a request for (hours)"),
                                                             default=48)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("repair settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "RepairSettings":
        return cls.objects.order_by("pk").first() or cls()


LANGUAGES = ("fr", "nl", "de", "en")
WORD_KINDS = ("label", "advice", "tenant_hint")


class Problem(models.Model):
    """One entry of the catalogue. `code` names its words in catalogue.py; `texts` holds the words
    staff wrote in the back office, per language (`{"nl": {"label": …, "advice": …}}`), which win
    over the catalogue's. A problem staff added has no words in catalogue.py, only `texts`.
    A retired problem (`active` false) is no longer offered; its requests keep it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    room = models.CharField(_("room"), max_length=20, choices=Room.choices)
    pictogram = models.CharField(_("pictogram"), max_length=30, default="wrench")
    responsible = models.CharField(_("responsible"), max_length=12, choices=Responsible.choices,
                                   default=Responsible.LANDLORD)
    priority = models.CharField(_("default priority"), max_length=12, choices=Priority.choices,
                                default=Priority.ROUTINE)
    is_emergency = models.BooleanField(_("emergency"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("offered to tenants"), default=True)
    texts = models.JSONField(_("words written by staff"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["room", "position", "code"]
        verbose_name = _("problem")

    def __str__(self):
        return str(self.label)

    @property
    def is_common(self) -> bool:
        return self.room == Room.COMMON_AREAS

    @property
    def words(self):
        from .catalogue import words_in

        return words_in(self)

    @property
    def label(self):
        return self.words.label

    @property
    def advice(self):
        return self.words.advice

    @property
    def tenant_hint(self):
        return self.words.tenant_hint


class Team(models.Model):
    """A team of in-house technicians in an agency."""

    agency = models.ForeignKey("estates.Agency", on_delete=models.CASCADE, related_name="repair_teams")
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="repair_teams", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")

    def __str__(self):
        return self.name


class Contractor(models.Model):
    """An external firm that carries out work orders. Its users (role contractor) see only its
    work orders."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="contractor_firms", blank=True)
    # A firm the landlord no longer works with is not offered for new work orders; its open work
    # orders and its users stay as they are.
    active = models.BooleanField(_("offered for new work orders"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contractor")

    def __str__(self):
        return self.name


class RepairRequest(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    agency = models.ForeignKey("estates.Agency", on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey("estates.Building", on_delete=models.PROTECT, related_name="+")
    # A request in a home names its tenancy; a common-area request names none.
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    household = models.ForeignKey("tenancies.Household", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="requests")
    description = models.TextField(_("what is wrong"), max_length=2000, blank=True)
    since = models.CharField(_("since when"), max_length=10, choices=Since.choices, default=Since.TODAY)
    access_slots = models.JSONField(_("when someone may come in"), default=list, blank=True)
    access_notes = models.CharField(_("access notes"), max_length=300, blank=True)
    keep_informed = models.JSONField(_("how to keep the tenant informed"), default=list, blank=True)
    priority = models.CharField(_("priority"), max_length=12, choices=Priority.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    deadline = models.DateTimeField(_("deadline"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("technician"))
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    channel = models.CharField(_("reported through"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_for = models.ForeignKey("tenancies.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    staff_touched_at = models.DateTimeField(null=True, blank=True)
    untouched_alert_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    fixed = models.BooleanField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("repair request")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "deadline"]),
            models.Index(fields=["household", "-created_at"]),
            models.Index(fields=["building", "status"]),
            models.Index(fields=["assignee", "status"]),
            # The queue: an agency's open requests in deadline order, read from the index itself.
            models.Index(fields=["agency", "deadline", "id"], condition=Q(status__in=OPEN_STATUSES),
                         name="repair_open_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="repair_rating_1_to_5"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_common(self) -> bool:
        return self.tenancy_id is None

    @property
    def access_slot_labels(self) -> list[str]:
        return [str(AccessSlot(s).label) for s in self.access_slots if s in AccessSlot.values]


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    PLANNED = "planned", _("Planned")
    ON_THE_WAY = "on_the_way", _("Technician on the way")
    IN_PROGRESS = "in_progress", _("Work started")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Not fixed: reopened")
    INFO = "info", _("Information added")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    ASSIGNED = "assigned", _("Assigned")
    RECLASSIFIED = "reclassified", _("Re-classified")
    MERGED = "merged", _("Merged")
    ME_TOO = "me_too", _("Someone else reported it too")
    RATED = "rated", _("Rated")
    NO_ONE_HOME = "no_one_home", _("No one was home")
    WORK_ORDER = "work_order", _("Work order sent")


class RepairEvent(models.Model):
    """One line of a request's timeline. Internal lines (notes, assignments) are for staff only."""

    request = models.ForeignKey(RepairRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    text = models.TextField(blank=True, max_length=2000)
    internal = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self):
        return f"{self.request_id} {self.kind}"


class Follower(models.Model):
    """A tenant who said "me too" on a common-area request: kept informed like its author."""

    request = models.ForeignKey(RepairRequest, on_delete=models.CASCADE, related_name="followers")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="one_me_too_per_person")]

    def __str__(self):
        return f"{self.person_id} follows {self.request_id}"


class Photo(models.Model):
    """A re-encoded JPEG under MEDIA_ROOT with a random name. A photo uploaded during the report,
    before the request exists, has no request yet and belongs to its uploader."""

    request = models.ForeignKey(RepairRequest, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="photos")
    file = models.FileField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.file.name


class WorkOrderStatus(models.TextChoices):
    SENT = "sent", _("sent")
    CONFIRMED = "confirmed", _("appointment confirmed")
    DONE = "done", _("done")
    NO_ONE_HOME = "no_one_home", _("no one home")
    CANCELLED = "cancelled", _("cancelled")


class WorkOrder(VersionedModel):
    """What a contractor is asked to do, with only the tenant data it needs: name, phone and access
    notes, copied when the order is raised."""

    request = models.ForeignKey(RepairRequest, on_delete=models.CASCADE, related_name="work_orders")
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="work_orders")
    scope = models.TextField(_("work to do"), max_length=2000)
    deadline = models.DateTimeField(_("deadline"))
    access_slots = models.JSONField(default=list, blank=True)
    access_notes = models.CharField(max_length=300, blank=True)
    tenant_name = models.CharField(max_length=300, blank=True)
    tenant_phone = models.CharField(max_length=30, blank=True)
    address = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=WorkOrderStatus.choices,
                              default=WorkOrderStatus.SENT)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    report = models.TextField(_("report"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("work order")

    def __str__(self):
        return f"{self.request.reference}-{self.pk}"
