from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "palier.contact"
    label = "contact"
    verbose_name = _("Contact and announcements")

    def ready(self):
        from palier.audit.registry import register

        register("contact.announcement_published", _("Announcement published"))
        register("contact.announcement_withdrawn", _("Announcement withdrawn"))
        register("contact.callback_requested", _("Call-back asked for"))
        register("contact.callback_done", _("Call-back made"))
