from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "palier.privacy"
    label = "privacy"
