from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palier.estates.models import Agency, Building, Entrance, Estate

# Languages an announcement may be written in; French is required and is the fallback.
LANGUAGES = ("fr", "nl", "en", "de")


class Target(models.TextChoices):
    ALL = "all", _("all tenants")
    AGENCY = "agency", _("the tenants of one agency")
    ESTATE = "estate", _("the tenants of one estate")
    BUILDING = "building", _("the tenants of one building")
    ENTRANCE = "entrance", _("the tenants of one entrance")


class Kind(models.TextChoices):
    NEWS = "news", _("news")
    WORKS = "works", _("works")
    OUTAGE = "outage", _("outage (water, heating, lift…)")


class Announcement(models.Model):
    """News for tenants, written per language (French required, the others fall back to it),
    aimed at everyone, one agency, one estate, one building or one entrance. Shown in the portal
    and the kiosk, and sent once, at its publication time, to each targeted household through the
    channels its adults chose (paper when nothing else reaches them); urgent ones go by email or
    SMS at once where they can."""

    title_fr = models.CharField(_("title in French"), max_length=120)
    body_fr = models.TextField(_("text in French"), max_length=2000)
    title_nl = models.CharField(_("title in Dutch"), max_length=120, blank=True)
    body_nl = models.TextField(_("text in Dutch"), max_length=2000, blank=True)
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    body_en = models.TextField(_("text in English"), max_length=2000, blank=True)
    title_de = models.CharField(_("title in German"), max_length=120, blank=True)
    body_de = models.TextField(_("text in German"), max_length=2000, blank=True)
    target = models.CharField(_("for"), max_length=10, choices=Target.choices, default=Target.BUILDING)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    estate = models.ForeignKey(Estate, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    entrance = models.ForeignKey(Entrance, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    urgent = models.BooleanField(_("urgent"), default=False)
    publish_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the announcement's messages were queued (at its publication time); set for announcements
    # published before every announcement was sent, so they are never sent late.
    messages_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-publish_at"]
        indexes = [models.Index(fields=["publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target="all", agency__isnull=True, estate__isnull=True, building__isnull=True,
                      entrance__isnull=True)
                    | Q(target="agency", agency__isnull=False, estate__isnull=True, building__isnull=True,
                        entrance__isnull=True)
                    | Q(target="estate", agency__isnull=True, estate__isnull=False, building__isnull=True,
                        entrance__isnull=True)
                    | Q(target="building", agency__isnull=True, estate__isnull=True, building__isnull=False,
                        entrance__isnull=True)
                    | Q(target="entrance", agency__isnull=True, estate__isnull=True, building__isnull=True,
                        entrance__isnull=False)
                ),
                name="announcement_place_matches_target_v2",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("publish_at")),
                name="announcement_dates_order",
            ),
        ]

    def __str__(self):
        return self.title_fr

    @property
    def place(self):
        return {Target.AGENCY: self.agency, Target.ESTATE: self.estate, Target.BUILDING: self.building,
                Target.ENTRANCE: self.entrance}.get(self.target)

    @property
    def place_label(self) -> str:
        if self.target == Target.BUILDING and self.building:
            return f"{self.building.estate.name} – {self.building.name}"
        if self.target == Target.ENTRANCE and self.entrance:
            return f"{self.entrance.building.name} – {self.entrance}"
        place = self.place
        return place.name if place else ""


class CallbackWhen(models.TextChoices):
    MORNING = "morning", _("In the morning")
    AFTERNOON = "afternoon", _("In the afternoon")
    ANY = "any", _("Any time")


class CallbackState(models.TextChoices):
    OPEN = "open", _("to call")
    DONE = "done", _("called")
    CANCELLED = "cancelled", _("cancelled")
    NOT_REACHED = "unreached", _("not reached")


class Topic(models.TextChoices):
    RENT = "rent", _("My rent")
    REPAIR = "repair", _("A repair")
    HOME = "home", _("My home or my lease")
    NEIGHBOURS = "neighbours", _("Neighbours or the building")
    OTHER = "other", _("Something else")


class CallbackRequest(models.Model):
    """A tenant asks the agency to call them back. One open request per person at a time."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("phone number"), max_length=20)
    when = models.CharField(_("when"), max_length=10, choices=CallbackWhen.choices, default=CallbackWhen.ANY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=CallbackState.choices, default=CallbackState.OPEN)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    # The day the tenant chose (with `when`, the half-day); moved to the next working day when
    # staff could not reach them.
    day = models.DateField(_("day"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    outcome = models.CharField(_("what was said"), max_length=500, blank=True)
    channel = models.CharField(_("asked through"), max_length=10, default="portal")
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    done_at = models.DateTimeField(_("called on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("call-back request")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(state="open"), name="one_open_callback_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.phone}"


# --- conversations ---------------------------------------------------------------------------


class ConversationState(models.TextChoices):
    WAITING = "waiting", _("waiting for the agency")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Conversation(models.Model):
    """A tenant writes to their agency. It lands in the housing officer's queue, with a deadline
    for the answer; each tenant message sets a new deadline, each staff reply clears it."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("housing officer"),
    )
    subject = models.CharField(_("subject"), max_length=120)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    state = models.CharField(_("state"), max_length=10, choices=ConversationState.choices,
                             default=ConversationState.WAITING)
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("started on"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        ordering = ["-last_message_at", "-pk"]
        indexes = [models.Index(fields=["agency", "state", "answer_due"]), models.Index(fields=["tenancy", "last_message_at"])]

    def __str__(self):
        return self.subject


class ConversationMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    author_label = models.CharField(max_length=200, blank=True)
    from_staff = models.BooleanField(default=False)
    # An internal note: staff only, never shown to the tenant.
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"), max_length=5000)
    channel = models.CharField(max_length=16, default="web")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")

    def __str__(self):
        return self.body[:40]


class Attachment(models.Model):
    """A file joined to a message: re-encoded when it is an image, stored under a random name,
    served only after an access check."""

    message = models.ForeignKey(ConversationMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="conversations/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    label = models.CharField(_("file"), max_length=120)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.label


class CannedReply(models.Model):
    """A ready-made answer staff pick and adapt, for one agency or for all. Its title and text are
    written per language (French required, the others fall back to French). Managers add, change
    and retire them; a retired one is no longer offered but stays for the record."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("agency"))
    title_fr = models.CharField(_("title in French"), max_length=120)
    title_nl = models.CharField(_("title in Dutch"), max_length=120, blank=True)
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    title_de = models.CharField(_("title in German"), max_length=120, blank=True)
    body_fr = models.TextField(_("text in French"), max_length=5000)
    body_nl = models.TextField(_("text in Dutch"), max_length=5000, blank=True)
    body_en = models.TextField(_("text in English"), max_length=5000, blank=True)
    body_de = models.TextField(_("text in German"), max_length=5000, blank=True)
    # The replies Palier ships carry a key, so that seeding them again never brings back one
    # that staff renamed or retired.
    seed_key = models.CharField(max_length=40, blank=True)
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["title_fr", "pk"]
        verbose_name = _("canned reply")
        constraints = [
            models.UniqueConstraint(fields=["seed_key"], condition=~Q(seed_key=""), name="one_canned_reply_per_seed"),
        ]

    def __str__(self):
        return self.title_fr

    def _in(self, part: str, language: str) -> str:
        language = (language or "fr")[:2]
        if language in LANGUAGES and language != "fr":
            value = getattr(self, f"{part}_{language}")
            if value:
                return value
        return getattr(self, f"{part}_fr")

    def body_in(self, language: str) -> str:
        return self._in("body", language)

    def title_in(self, language: str) -> str:
        return self._in("title", language)


class AnnouncementRead(models.Model):
    """A tenant opened an announcement online (portal or kiosk)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "person"], name="one_announcement_read_per_person")]

    def __str__(self):
        return f"{self.person_id} read {self.announcement_id}"


# --- appointments ----------------------------------------------------------------------------


class AppointmentKind(models.TextChoices):
    COUNTER = "counter", _("At the agency counter")
    PHONE = "phone", _("By phone")
    HOME_VISIT = "home", _("A visit at home")


class AppointmentSlot(models.Model):
    """A time an agency offers for an appointment."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("with"))
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment slot")
        indexes = [models.Index(fields=["agency", "kind", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_slot_ends_after_start"),
            models.UniqueConstraint(fields=["agency", "kind", "starts_at", "staff"], name="one_appointment_slot_per_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    MOVED = "moved", _("moved")


class Appointment(models.Model):
    """A booking of one slot. The database holds at most one live booking per slot, whoever
    clicks first wins."""

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AppointmentState.choices,
                             default=AppointmentState.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    channel = models.CharField(max_length=16, default="web")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("appointment")
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(state="booked"), name="one_appointment_per_slot"),
        ]

    def __str__(self):
        return f"{self.person} {self.slot}"


# --- the contact log -------------------------------------------------------------------------


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("phone call")
    COUNTER = "counter", _("visit at the counter")
    HOME = "home", _("home visit")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("email")


class ContactLog(models.Model):
    """A contact staff write down: a call, a visit, a letter received."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    channel = models.CharField(_("how"), max_length=10, choices=ContactChannel.choices)
    inbound = models.BooleanField(_("the tenant contacted us"), default=True)
    summary = models.CharField(_("what was said"), max_length=1000)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["tenancy", "at"])]
        verbose_name = _("contact")

    def __str__(self):
        return self.summary[:40]
