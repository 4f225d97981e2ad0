from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "palier.notifications"
    label = "notifications"
