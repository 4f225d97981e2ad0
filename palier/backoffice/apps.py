from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "palier.backoffice"
    label = "backoffice"
