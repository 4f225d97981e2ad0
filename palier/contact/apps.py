from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "palier.contact"
    label = "contact"
    verbose_name = _("Contact and announcements")

    def ready(self):
        from .privacy import register_privacy  # "My data", erasure, retention (palier.privacy)

        register_privacy()
        from django.db.models.signals import post_migrate

        from palier.audit.registry import register

        register("contact.announcement_published", _("Announcement published"))
        register("contact.announcement_withdrawn", _("Announcement withdrawn"))
        register("contact.callback_requested", _("Call-back asked for"))
        register("contact.callback_done", _("Call-back made"))
        register("contact.callback_not_reached", _("Call-back tried, tenant not reached"))
        register("contact.callback_cancelled", _("Call-back cancelled"))
        register("contact.conversation_started", _("Message written to the agency"))
        register("contact.conversation_written", _("Message added to a conversation"))
        register("contact.conversation_answered", _("Message answered by the agency"))
        register("contact.conversation_noted", _("Internal note written"))
        register("contact.conversation_closed", _("Conversation closed"))
        register("contact.conversations_alerted", _("Alert sent for unanswered messages"))
        register("contact.slots_published", _("Appointment times published"))
        register("contact.appointment_booked", _("Appointment booked"))
        register("contact.appointment_moved", _("Appointment moved"))
        register("contact.appointment_cancelled", _("Appointment cancelled"))
        register("contact.appointment_reminded", _("Appointment reminder sent"))
        register("contact.contact_logged", _("Contact written down"))
        register("contact.canned_reply_added", _("Ready-made answer added"))
        register("contact.canned_reply_changed", _("Ready-made answer changed"))
        register("contact.canned_reply_retired", _("Ready-made answer retired"))
        register("contact.canned_reply_restored", _("Ready-made answer offered again"))
        post_migrate.connect(_seed_canned_replies, sender=self)


def _seed_canned_replies(sender, **kwargs):
    from .canned import ensure_canned_replies

    ensure_canned_replies()
