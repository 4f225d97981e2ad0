from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "palier.notifications"
    label = "notifications"
    verbose_name = _("Messages")

    def ready(self):
        from .privacy import register_privacy  # "My data", erasure, retention (palier.privacy)

        register_privacy()
        # Lower apps (accounts, tenancies) send codes through the outbox without importing it.
        from palier.accounts.services import register_message_sender
        from palier.audit.registry import register

        from .services import queue_message

        register_message_sender(queue_message)
        register("notifications.letters_printed", _("Letters printed for posting"))
        register("notifications.message_retried", _("Message sent again"))
        register("notifications.letters_downloaded", _("Letters downloaded for printing"))
