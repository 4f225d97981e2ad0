from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "palier.core"
    label = "core"
