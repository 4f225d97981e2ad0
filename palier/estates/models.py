from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.crypto import EncryptedTextField
from palier.core.models import TimeStampedModel, VersionedModel


class Landlord(VersionedModel):
    """The landlord this deployment serves: one row, edited in the back office."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    # Encrypted at rest like every IBAN (palier.core.crypto); compact, upper case (estates.services).
    iban = EncryptedTextField(_("IBAN"), blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    creditor_id = models.CharField(_("SEPA creditor identifier"), max_length=35, blank=True)
    phone = models.CharField(_("main phone number"), max_length=30, blank=True)
    emergency_phone = models.CharField(_("emergency phone number (nights and weekends)"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    logo = models.FileField(_("logo"), upload_to="landlord/", blank=True)

    class Meta:
        verbose_name = _("landlord")

    def __str__(self):
        return self.name

    CACHE_KEY = "palier:landlord"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget_current()

    @classmethod
    def current(cls):
        """The landlord, read on nearly every page: kept in the cache (shared by every web node
        on Redis) and forgotten whenever it is saved."""
        from django.core.cache import cache

        landlord = cache.get(cls.CACHE_KEY)
        if landlord is None:
            landlord = cls.objects.order_by("pk").first()
            if landlord is None:
                return cls(name="Palier")
            cache.set(cls.CACHE_KEY, landlord, 300)
        return landlord

    @classmethod
    def forget_current(cls):
        from django.core.cache import cache

        cache.delete(cls.CACHE_KEY)


class Agency(VersionedModel):
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone number"), max_length=30)
    email = models.EmailField(_("email address"), blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="agencies", blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def address(self):
        return f"{self.street}, {self.postcode} {self.city}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_order")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Estate(TimeStampedModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="estates")
    name = models.CharField(_("name"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("estate")

    def __str__(self):
        return self.name


class Building(TimeStampedModel):
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(_("name"), max_length=100)
    street = models.CharField(_("street"), max_length=200)
    number = models.CharField(_("number"), max_length=20)
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    has_lift = models.BooleanField(_("lift"), default=False)

    class Meta:
        ordering = ["estate", "name"]
        verbose_name = _("building")

    def __str__(self):
        return self.name

    @property
    def address(self):
        return f"{self.street} {self.number}, {self.estate.postcode} {self.estate.city}"


class Entrance(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="entrances")
    label = models.CharField(_("entrance"), max_length=50)
    street = models.CharField(_("street"), max_length=200)
    number = models.CharField(_("number"), max_length=20)

    class Meta:
        ordering = ["building", "label"]

    def __str__(self):
        return f"{self.street} {self.number}"


class DwellingKind(models.TextChoices):
    FLAT = "flat", _("flat")
    HOUSE = "house", _("house")
    STUDIO = "studio", _("studio")


class Dwelling(TimeStampedModel):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="dwellings")
    entrance = models.ForeignKey(Entrance, on_delete=models.PROTECT, related_name="dwellings", null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("Box or flat number, as on the letterbox"))
    floor = models.SmallIntegerField(_("floor"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=DwellingKind.choices, default=DwellingKind.FLAT)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), default=1)
    area_m2 = models.PositiveSmallIntegerField(_("floor area (m²)"), null=True, blank=True)

    class Meta:
        ordering = ["building", "floor", "unit"]
        verbose_name = _("dwelling")

    def __str__(self):
        return f"{self.address}"

    @property
    def address(self):
        place = self.entrance or self.building
        estate = self.building.estate
        return f"{place.street} {place.number} bte {self.unit}, {estate.postcode} {estate.city}"


class CommonArea(TimeStampedModel):
    estate = models.ForeignKey(Estate, on_delete=models.CASCADE, related_name="common_areas")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="common_areas", null=True, blank=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=40, blank=True)

    class Meta:
        ordering = ["estate", "name"]
        verbose_name = _("common area")

    def __str__(self):
        return self.name


class Kiosk(TimeStampedModel):
    """A registered device in a common room. A kiosk is a place, not a person: it carries a
    signed, revocable credential (a cookie set once by its enrolment link)."""

    name = models.CharField(_("name"), max_length=100)
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="kiosks")
    common_area = models.ForeignKey(CommonArea, on_delete=models.PROTECT, related_name="kiosks", null=True, blank=True)
    secret_hash = models.CharField(max_length=128, blank=True)
    enrolment_hash = models.CharField(max_length=128, blank=True)
    enrolment_expires_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["estate", "name"]
        verbose_name = _("kiosk")

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.enrolled_at is not None and self.revoked_at is None
