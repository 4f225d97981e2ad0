from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "palier.audit"
    label = "audit"
