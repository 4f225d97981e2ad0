from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palier.estates.models import Agency, Building, Estate

# Languages an announcement may be written in; French is required and is the fallback.
LANGUAGES = ("fr", "nl", "en", "de")


class Target(models.TextChoices):
    ALL = "all", _("all tenants")
    AGENCY = "agency", _("the tenants of one agency")
    ESTATE = "estate", _("the tenants of one estate")
    BUILDING = "building", _("the tenants of one building")


class Announcement(models.Model):
    """News for tenants, written per language (French required, the others fall back to it),
    aimed at everyone, one agency, one estate or one building. Urgent ones are also sent to each
    targeted household through its channels; the others are only shown in the portal and kiosk."""

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
    urgent = models.BooleanField(_("urgent"), default=False)
    publish_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-publish_at"]
        indexes = [models.Index(fields=["publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target="all", agency__isnull=True, estate__isnull=True, building__isnull=True)
                    | Q(target="agency", agency__isnull=False, estate__isnull=True, building__isnull=True)
                    | Q(target="estate", agency__isnull=True, estate__isnull=False, building__isnull=True)
                    | Q(target="building", agency__isnull=True, estate__isnull=True, building__isnull=False)
                ),
                name="announcement_place_matches_target",
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
        return {Target.AGENCY: self.agency, Target.ESTATE: self.estate, Target.BUILDING: self.building}.get(self.target)

    @property
    def place_label(self) -> str:
        if self.target == Target.BUILDING and self.building:
            return f"{self.building.estate.name} – {self.building.name}"
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


class CallbackRequest(models.Model):
    """A tenant asks the agency to call them back. One open request per person at a time."""

    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("phone number"), max_length=20)
    when = models.CharField(_("when"), max_length=10, choices=CallbackWhen.choices, default=CallbackWhen.ANY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=CallbackState.choices, default=CallbackState.OPEN)
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
