from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.be import ogm_vcs

from palier.core.crypto import EncryptedTextField
from palier.core.models import TimeStampedModel, VersionedModel
from palier.estates.models import Dwelling


class Household(TimeStampedModel):
    """The people living together under one tenancy."""

    name = models.CharField(_("name"), max_length=200, help_text=_("How the household is addressed on letters"))

    class Meta:
        verbose_name = _("household")

    def __str__(self):
        return self.name


class HouseholdRole(models.TextChoices):
    TENANT = "tenant", _("tenant")
    COTENANT = "cotenant", _("co-tenant")
    OCCUPANT = "occupant", _("other occupant")


class AccessNeed(models.TextChoices):
    """What a technician coming for a repair may need to know (health-related: kept only with the
    person's explicit consent, see palier.tenancies.access_needs)."""

    WHEELCHAIR = "wheelchair", _("Uses a wheelchair or moves with difficulty")
    HEARING = "hearing", _("Hard of hearing")
    SIGHT = "sight", _("Blind or partially sighted")
    SOMEONE_PRESENT = "someone_present", _("Needs someone with them during the visit")
    OTHER = "other", _("Something else")


class AccessConsentBy(models.TextChoices):
    """Who gave the consent to keep the access needs."""

    PERSON = "person", _("the person themself")
    STAFF = "staff", _("a staff member, on their behalf")
    HELPER = "helper", _("a helper under mandate")


class Person(VersionedModel):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="persons")
    household_role = models.CharField(_("role in the household"), max_length=12, choices=HouseholdRole.choices)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Encrypted at rest (palier.core.crypto); staff see it only through a page that records the
    # reading in the audit trail (palier.backoffice.privacy_views).
    national_number = EncryptedTextField(_("national register number"), blank=True, default="")
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    # Preferred channels of contact. A person with no email and no phone gets paper.
    by_portal = models.BooleanField(_("in my Palier inbox"), default=True)
    by_email = models.BooleanField(_("by email"), default=False)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    by_post = models.BooleanField(_("by post"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    # Needs for visits (health-related data): kept only with explicit consent, recorded below; a
    # separate choice says whether firms sent for repairs may see them. Withdrawing the consent
    # empties every field at once (palier.tenancies.access_needs).
    access_needs = models.JSONField(_("needs for visits"), default=list, blank=True)
    access_needs_note = EncryptedTextField(_("needs for visits: note"), blank=True, default="")
    access_needs_shared = models.BooleanField(_("firms sent for repairs may see the needs"), default=False)
    access_consent_at = models.DateTimeField(_("consent to keep the needs given on"), null=True, blank=True)
    access_consent_by = models.CharField(_("consent given by"), max_length=8, choices=AccessConsentBy.choices,
                                         blank=True)
    access_consent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("consent recorded by"),
    )
    access_consent_channel = models.CharField(_("consent given through"), max_length=8, blank=True)

    class Meta:
        ordering = ["household", "household_role", "first_name"]
        verbose_name = _("person")
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["phone"]),
        ]
        constraints = [
            # No needs, note or sharing without a recorded consent.
            models.CheckConstraint(
                condition=models.Q(access_consent_at__isnull=False)
                | (models.Q(access_needs=[]) & models.Q(access_needs_note="") & models.Q(access_needs_shared=False)),
                name="person_access_needs_need_consent",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_adult_signatory(self):
        return self.household_role in (HouseholdRole.TENANT, HouseholdRole.COTENANT)

    @property
    def may_have_account(self) -> bool:
        """Adults of the household may have their own account; children may not."""
        if self.birth_date is None:
            return True
        from django.utils import timezone

        today = timezone.localdate()
        age = today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        return age >= settings.PALIER_MIN_ACCOUNT_AGE

    @property
    def channels(self) -> list[str]:
        chosen = [c for c, on in (("portal", self.by_portal), ("email", self.by_email and self.email),
                                  ("sms", self.by_sms and self.phone), ("post", self.by_post)) if on]
        return chosen or ["post"]


class TenancyQuerySet(models.QuerySet):
    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


def payment_reference_for(number: str) -> str:
    """The tenancy's stable structured communication (OGM-VCS): its 10-digit base is the tenancy
    number, padded; the last two digits are the base modulo 97 (97 when 0)."""
    base = str(number).zfill(10)[-10:]
    check = int(base) % 97 or 97
    return "+++" + ogm_vcs.format(f"{base}{check:02d}") + "+++"


class Tenancy(VersionedModel):
    number = models.CharField(_("tenancy number"), max_length=10, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenancies")
    dwelling = models.ForeignKey(Dwelling, on_delete=models.PROTECT, related_name="tenancies")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    rent = models.DecimalField(_("monthly rent"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    charges = models.DecimalField(_("monthly service charges"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    payment_reference = models.CharField(_("structured communication"), max_length=24, unique=True)
    housing_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("housing officer"),
    )

    objects = TenancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        constraints = [
            models.CheckConstraint(condition=models.Q(rent__gte=0) & models.Q(charges__gte=0), name="tenancy_amounts_positive"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="tenancy_dates_order",
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.payment_reference:
            self.payment_reference = payment_reference_for(self.number)
        super().save(*args, **kwargs)

    @property
    def monthly_total(self) -> Decimal:
        return self.rent + self.charges
