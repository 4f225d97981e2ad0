"""Helper mandates: a tenant lets a helper act for them, for some scopes, for a fixed time.

A mandate is valid while its state is active and `starts_at <= now < ends_at`; each scope can be
taken back on its own (`MandateScope.revoked_at`). Every use is written to `MandateUse`, which the
tenant reads as their journal. Staff acting for a tenant at the counter or on the phone are
journaled there too, without a mandate.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.acting import Channel

from .scopes import Scope


class Duration(models.TextChoices):
    DAY = "day", _("1 day")
    MONTH = "month", _("1 month")
    SIX_MONTHS = "six_months", _("6 months")
    YEAR = "year", _("1 year")


DURATION_DAYS = {Duration.DAY: 1, Duration.MONTH: 30, Duration.SIX_MONTHS: 182, Duration.YEAR: 365}


def ends_after(starts_at: dt.datetime, duration: str) -> dt.datetime:
    return starts_at + dt.timedelta(days=DURATION_DAYS[Duration(duration)])


class Consent(models.TextChoices):
    PORTAL = "portal", _("accepted by the tenant on the portal")
    KIOSK = "kiosk", _("accepted by the tenant at the kiosk")
    SMS = "sms", _("code sent to the tenant by SMS")
    PAPER = "paper", _("signed paper form")


class MandateState(models.TextChoices):
    PENDING = "pending", _("waiting for the tenant's code")
    ACTIVE = "active", _("active")
    REVOKED = "revoked", _("stopped")


def scan_path(instance, filename) -> str:
    # The name is chosen here; what the person called the file is never used.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mandates/paper/{uuid.uuid4().hex}.{ext}"


class Mandate(models.Model):
    tenant = models.ForeignKey("tenancies.Person", on_delete=models.PROTECT, related_name="mandates",
                               verbose_name=_("tenant"))
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mandates_held",
                               verbose_name=_("helper"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    duration = models.CharField(_("duration"), max_length=12, choices=Duration.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    consent = models.CharField(_("consent"), max_length=8, choices=Consent.choices)
    state = models.CharField(_("state"), max_length=8, choices=MandateState.choices, default=MandateState.ACTIVE)
    scan = models.FileField(_("scanned form"), upload_to=scan_path, blank=True)
    scan_type = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # SMS consent: the hash of the code sent to the tenant, until the helper types it.
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mandate")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["helper", "tenant", "state"]),
            models.Index(fields=["state", "ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="mandate_ends_after_start"),
            models.CheckConstraint(condition=~models.Q(consent="paper") | ~models.Q(scan=""), name="paper_mandate_has_scan"),
        ]

    def __str__(self):
        return f"{self.helper} → {self.tenant}"

    def is_valid_at(self, now: dt.datetime) -> bool:
        return self.state == MandateState.ACTIVE and self.starts_at <= now < self.ends_at

    def status_at(self, now: dt.datetime) -> str:
        """"active", "pending", "revoked" or "expired", as the tenant would say it."""
        if self.state == MandateState.ACTIVE and now >= self.ends_at:
            return "expired"
        if self.state == MandateState.PENDING and (self.code_expires_at is None or now >= self.code_expires_at):
            return "expired"  # the code was never typed in time
        return self.state


class MandateScope(models.Model):
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="scopes")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mandate", "scope"], name="one_row_per_mandate_scope")]
        ordering = ["id"]

    def __str__(self):
        return self.get_scope_display()


class MandateUse(models.Model):
    """One use: who acted, for whom, under which scope, on which page or action, when, how."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, null=True, blank=True, related_name="uses")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("tenancies.Person", on_delete=models.PROTECT, related_name="mandate_uses")
    scope = models.CharField(max_length=12, choices=Scope.choices, blank=True)
    page = models.CharField(max_length=100)
    action = models.CharField(max_length=8)  # "view" or "action"
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"])]

    def __str__(self):
        return f"{self.actor} for {self.person} on {self.page}"
