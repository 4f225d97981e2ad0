from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentConfig(AppConfig):
    name = "palier.rent"
    label = "rent"
    verbose_name = _("Rent and payments")

    def ready(self):
        from palier.audit.registry import register

        register("rent.charged", _("Monthly rent charged"))
        register("rent.payment_recorded", _("Payment recorded"))
