from django.apps import AppConfig


class EstatesConfig(AppConfig):
    name = "palier.estates"
    label = "estates"
