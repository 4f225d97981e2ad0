"""What a helper's mandate may cover. Front ends name the scope a page belongs to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    RENT = "rent", _("Rent and payments")
    REPAIRS = "repairs", _("Repairs")
    MESSAGES = "messages", _("Messages and call-backs")
    DOCUMENTS = "documents", _("Documents")
    WORKSHOPS = "workshops", _("Workshops and bookings")
