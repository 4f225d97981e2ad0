from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "palier.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from palier.audit.registry import register

        register("documents.stored", _("Document added to the vault"))
        register("documents.downloaded", _("Document opened"))
        from .privacy import register_privacy

        register_privacy()
