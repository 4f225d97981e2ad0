from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed(sender, **kwargs):
    from django.conf import settings
    from django.utils import translation

    from .services import ensure_processing_register, ensure_retention_rules

    with translation.override(settings.LANGUAGE_CODE):
        ensure_retention_rules()
        ensure_processing_register()


class PrivacyConfig(AppConfig):
    name = "palier.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from . import own

        own.register_privacy()
        post_migrate.connect(_seed, sender=self, dispatch_uid="palier.privacy.seed")
