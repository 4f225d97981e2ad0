from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksConfig(AppConfig):
    """The contractors' front end: a firm's users see only its work orders."""

    name = "palier.works"
    label = "works"
    verbose_name = _("Contractors")
