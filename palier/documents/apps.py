from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "palier.documents"
    label = "documents"
