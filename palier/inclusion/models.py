"""Digital inclusion: partners, workshops and their sessions, enrolments (with a waiting list),
shared digital spaces and their bookings, a short self-assessment, and kiosk use per place.

Invariants the database holds: one live enrolment per person per session, one live booking per
slot of a digital space, sessions end after they start, capacities are at least one. The capacity
of a session is counted under a row lock in the services (see `services.enrol`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palier.core.acting import Channel
from palier.estates.models import Agency, Estate, Kiosk, Weekday

# Languages staff-written texts may be written in; French is required and is the fallback.
LANGUAGES = ("fr", "nl", "en", "de")


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    DIGITAL_SPACE = "digital_space", _("Public digital space")
    JOBS = "jobs", _("Job search service")
    BUDGET = "budget", _("Budget and debt service")


class Partner(models.Model):
    """An organisation that helps tenants: what it offers, where, how to reach it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.ASSOCIATION)
    offer_fr = models.TextField(_("what they offer, in French"), max_length=1000)
    offer_nl = models.TextField(_("what they offer, in Dutch"), max_length=1000, blank=True)
    offer_en = models.TextField(_("what they offer, in English"), max_length=1000, blank=True)
    offer_de = models.TextField(_("what they offer, in German"), max_length=1000, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("when to come or call"), max_length=200, blank=True)
    active = models.BooleanField(_("shown to tenants"), default=True)

    class Meta:
        verbose_name = _("partner")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Topic(models.TextChoices):
    INTERNET = "internet", _("Internet basics")
    SMARTPHONE = "smartphone", _("Using a smartphone")
    BANKING = "banking", _("Safe online banking")
    EMAIL = "email", _("E-mail")
    ADMINISTRATION = "administration", _("Online administration")
    JOBS = "jobs", _("Job search and CV")
    BUDGET = "budget", _("Budgeting")
    KIOSK = "kiosk", _("Using the kiosk and the website")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("For beginners")
    INTERMEDIATE = "intermediate", _("With some practice")


class Workshop(models.Model):
    """What is taught; each date it is given is a WorkshopSession."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title_fr = models.CharField(_("title in French"), max_length=120)
    description_fr = models.TextField(_("description in French"), max_length=2000)
    title_nl = models.CharField(_("title in Dutch"), max_length=120, blank=True)
    description_nl = models.TextField(_("description in Dutch"), max_length=2000, blank=True)
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    description_en = models.TextField(_("description in English"), max_length=2000, blank=True)
    title_de = models.CharField(_("title in German"), max_length=120, blank=True)
    description_de = models.TextField(_("description in German"), max_length=2000, blank=True)
    partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="workshops",
                                verbose_name=_("partner"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        ordering = ["title_fr", "pk"]

    def __str__(self):
        return self.title_fr


class WorkshopSession(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions",
                                 verbose_name=_("workshop"))
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("estate"),
                               help_text=_("The kiosks of this estate show the session. Leave empty for "
                                           "a session elsewhere."))
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("given by"))
    trainer = models.CharField(_("trainer"), max_length=150, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop session")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_dates_order"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.workshop.title_fr} {self.starts_at:%Y-%m-%d %H:%M}"


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("not taken")
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


LIVE_ENROLMENT = Q(state__in=[EnrolmentState.ENROLLED, EnrolmentState.WAITING])


class Enrolment(models.Model):
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices)
    channel = models.CharField(_("registered through"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], condition=LIVE_ENROLMENT,
                                    name="one_live_enrolment_per_person_and_session"),
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self):
        return f"{self.person} – {self.session}"


class DigitalSpace(models.Model):
    """A room with equipment that tenants book by the slot (one booking per slot)."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="+", verbose_name=_("estate"))
    name = models.CharField(_("name"), max_length=100)
    place = models.CharField(_("where it is"), max_length=200, blank=True)
    equipment = models.CharField(_("equipment"), max_length=300, blank=True,
                                 help_text=_("For example: 2 computers, a printer, a kiosk."))
    slot_minutes = models.PositiveSmallIntegerField(_("length of a slot (minutes)"), default=60)
    active = models.BooleanField(_("open for bookings"), default=True)

    class Meta:
        verbose_name = _("digital space")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=15) & Q(slot_minutes__lte=240),
                                   name="space_slot_length"),
        ]

    def __str__(self):
        return self.name


class SpaceHours(models.Model):
    space = models.ForeignKey(DigitalSpace, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="space_hours_order")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class BookingState(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")


class SpaceBooking(models.Model):
    """A slot of a digital space: booked by a tenant, or blocked by staff (no person)."""

    space = models.ForeignKey(DigitalSpace, on_delete=models.CASCADE, related_name="bookings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    blocked_reason = models.CharField(_("why the slot is blocked"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=BookingState.choices, default=BookingState.BOOKED)
    channel = models.CharField(_("booked through"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "starts_at"], condition=Q(state="booked"),
                                    name="one_booking_per_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="booking_dates_order"),
        ]

    def __str__(self):
        return f"{self.space} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_block(self) -> bool:
        return self.person_id is None


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    A_LITTLE = "a_little", _("A little")
    NO = "no", _("No")


class SelfAssessment(models.Model):
    """A tenant's own answers about their digital life (optional). The latest one counts."""

    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    internet_at_home = models.BooleanField(_("internet at home"))
    has_smartphone = models.BooleanField(_("smartphone"), default=False)
    has_computer = models.BooleanField(_("computer"), default=False)
    has_tablet = models.BooleanField(_("tablet"), default=False)
    email = models.CharField(_("comfortable with e-mail"), max_length=10, choices=Answer.choices)
    forms = models.CharField(_("comfortable with online forms"), max_length=10, choices=Answer.choices)
    banking = models.CharField(_("comfortable with online banking"), max_length=10, choices=Answer.choices)
    wants_help = models.BooleanField(_("would like help"), default=False)
    channel = models.CharField(_("answered through"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["person", "-answered_at"])]

    def __str__(self):
        return f"{self.person} {self.answered_at:%Y-%m-%d}"


class KioskUse(models.Model):
    """How often a kiosk was used, per day and per service. No person is recorded: a kiosk is a place."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    service = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kiosk", "day", "service"], name="one_counter_per_kiosk_day_service")]
        ordering = ["-day", "service"]

    def __str__(self):
        return f"{self.kiosk} {self.day} {self.service}: {self.count}"
