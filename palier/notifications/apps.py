from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "palier.notifications"
    label = "notifications"

    def ready(self):
        # Lower apps (accounts, tenancies) send codes through the outbox without importing it.
        from palier.accounts.services import register_message_sender

        from .services import queue_message

        register_message_sender(queue_message)
