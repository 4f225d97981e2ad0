from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentConfig(AppConfig):
    name = "palier.rent"
    label = "rent"
    verbose_name = _("Rent and payments")

    def ready(self):
        from .privacy import register_privacy  # "My data", erasure, retention (palier.privacy)

        register_privacy()
        from palier.audit.registry import register

        register("rent.charged", _("Monthly rent charged"))
        register("rent.payment_recorded", _("Payment recorded"))
        register("rent.correction_recorded", _("Rent ledger corrected"))
        from .direct_debit import register_audit_actions as register_debit_actions

        register_debit_actions()
        from .payments.actions import register_actions

        register_actions()
        from .bank.matching import register_actions as register_bank_actions

        register_bank_actions()
