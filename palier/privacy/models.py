"""The data-protection officer's records: the retention table, the runs that applied it, the
requests for erasure, the register of processing activities and the breach register.

Privacy sits at the bottom of the layers (beside accounts and audit): it names persons by their
id and a label, never by a foreign key to a higher app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a retention rule covers. Apps register what they purge for each category."""

    LEDGER = "ledger", _("Rent ledger, payments and bank statements")
    LEASE_FILE = "lease_file", _("Lease file (identities of former tenants)")
    INCOME_DOCUMENTS = "income_documents", _("Income documents")
    REPAIR_PHOTOS = "repair_photos", _("Repair photos")
    HELPER_MANDATES = "helper_mandates", _("Helper mandates")
    MESSAGES = "messages", _("Messages, call-backs and conversations")
    SECURITY_LOGS = "security_logs", _("Security logs (sign-ins, refusals, lockouts)")


class RetentionRule(models.Model):
    """How long one category is kept, counted from the event `starts` names. The defaults come
    from STANDARDS.md (Belgian values); the administrator may change them."""

    category = models.CharField(_("data"), max_length=32, choices=Category.choices, unique=True)
    months = models.PositiveIntegerField(_("kept for (months)"))
    starts = models.CharField(_("counted from"), max_length=200)
    basis = models.CharField(_("why"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category"]
        verbose_name = _("retention rule")

    def __str__(self):
        return f"{self.get_category_display()}: {self.months}"


class RetentionRun(models.Model):
    """One application of the retention table, with the report of what was deleted or redacted."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        # "detail" lines break down the line before them and are not counted twice.
        return sum(line.get("count", 0) for line in self.report if not line.get("detail"))


class ErasureRequest(models.Model):
    """A person asked Palier to erase their data; what was erased, what is kept and until when."""

    person_id = models.BigIntegerField(db_index=True)
    person_label = models.CharField(max_length=200)
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure request")

    def __str__(self):
        return f"{self.person_label} {self.requested_at:%Y-%m-%d}"


class ProcessingActivity(models.Model):
    """One line of the register of processing activities (GDPR article 30)."""

    name = models.CharField(_("processing"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    data_subjects = models.CharField(_("people concerned"), max_length=300)
    data_categories = models.TextField(_("data"))
    recipients = models.TextField(_("recipients"), blank=True)
    retention = models.CharField(_("kept for"), max_length=300)
    safeguards = models.TextField(_("security measures"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")

    def __str__(self):
        return self.name


class Breach(models.Model):
    """A personal data breach (GDPR article 33): every one is recorded, notified or not."""

    detected_at = models.DateTimeField(_("detected on"))
    description = models.TextField(_("what happened"))
    data_concerned = models.TextField(_("data concerned"))
    people_affected = models.PositiveIntegerField(_("people affected (about)"), default=0)
    consequences = models.TextField(_("likely consequences"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    authority_notified_at = models.DateTimeField(_("data protection authority told on"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("people affected told on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = _("data breach")

    def __str__(self):
        return f"{self.detected_at:%Y-%m-%d} {self.description[:50]}"
