from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "palier.kiosk"
    label = "kiosk"

    def ready(self):
        from palier.audit.registry import register

        register("documents.sent_to_self", _("Document sent to the tenant from the kiosk"))
