"""The annual rent revision: a campaign asks every household of the landlord (or of one agency)
for its income documents; each household's request follows its own path
(asked → handed in → accepted or asked again → decided); the documents themselves are stored
encrypted (see files.py) and deleted as soon as the rent decision is final."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.acting import Channel


class Campaign(models.Model):
    """One rent revision for one year, for every household of one agency or (agency empty) of the
    whole landlord."""

    year = models.PositiveIntegerField(_("year"))
    agency = models.ForeignKey("estates.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("agency"))
    deadline = models.DateField(_("documents expected by"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    households = models.PositiveIntegerField(_("households asked"), default=0)
    messages = models.PositiveIntegerField(_("messages queued"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-opened_at"]
        verbose_name = _("rent revision")

    def __str__(self):
        return f"{self.year} – {self.agency or _('all agencies')}"


class Status(models.TextChoices):
    ASKED = "asked", _("waiting for documents")
    HANDED_IN = "handed_in", _("to check")
    ASKED_AGAIN = "asked_again", _("asked again")
    ACCEPTED = "accepted", _("accepted")
    DECIDED = "decided", _("rent decided")


# The household may still add or remove documents in these states.
OPEN_STATUSES = (Status.ASKED, Status.ASKED_AGAIN)


class IncomeRequest(models.Model):
    """What one household owes one campaign. When the rent decision is final its documents are
    deleted; this row stays, with the decision's date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="requests")
    household = models.ForeignKey("tenancies.Household", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(_("asked on"))
    handed_in_at = models.DateTimeField(_("handed in on"), null=True, blank=True)
    reason = models.CharField(_("what is missing"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    decided_on = models.DateField(_("rent decision on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "household_id"]
        verbose_name = _("income documents request")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="income_request_once_per_campaign"),
            models.CheckConstraint(condition=~models.Q(status="decided") | models.Q(decided_on__isnull=False),
                                   name="income_decided_has_date"),
        ]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["household", "status"])]

    def __str__(self):
        return f"{self.campaign.year} – {self.household}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class IncomeDocument(models.Model):
    """One file a household handed in. `file` holds a random name; the bytes behind it are a
    Fernet token (never the plain file). `name` is a label for people, cleaned of any path."""

    request = models.ForeignKey(IncomeRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(_("sent through"), max_length=10, choices=Channel.choices)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("income document")

    def __str__(self):
        return self.name
