from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "palier.backoffice"
    label = "backoffice"

    def ready(self):
        from palier.accounts import staff  # noqa: F401 - registers its audit actions
        from palier.audit.registry import register
        from palier.estates import services  # noqa: F401 - registers its audit actions

        register("backoffice.tenant_file_viewed", _("Tenant file opened by staff"))
        register("accounts.login_refused_not_staff", _("Sign-in refused: not a staff account"))
