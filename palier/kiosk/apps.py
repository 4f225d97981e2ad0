from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "palier.kiosk"
    label = "kiosk"
