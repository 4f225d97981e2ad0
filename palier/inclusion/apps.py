from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "palier.inclusion"
    label = "inclusion"
    verbose_name = _("Digital inclusion")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from palier.audit.registry import register

        from .privacy import register_privacy
        from .usage import count_session

        register_privacy()

        user_logged_in.connect(count_session, dispatch_uid="inclusion.count_kiosk_session")
        for action, text in (
            ("inclusion.partner_added", _("Partner added")),
            ("inclusion.partner_changed", _("Partner changed")),
            ("inclusion.workshop_added", _("Workshop added")),
            ("inclusion.workshop_changed", _("Workshop changed")),
            ("inclusion.session_planned", _("Workshop session planned")),
            ("inclusion.session_changed", _("Workshop session changed")),
            ("inclusion.session_cancelled", _("Workshop session cancelled")),
            ("inclusion.enrolled", _("Enrolled in a workshop")),
            ("inclusion.waitlisted", _("Put on a workshop's waiting list")),
            ("inclusion.enrolment_cancelled", _("Workshop place cancelled")),
            ("inclusion.attendance_taken", _("Workshop attendance taken")),
            ("inclusion.reminders_sent", _("Workshop reminders sent")),
            ("inclusion.space_added", _("Digital space added")),
            ("inclusion.space_changed", _("Digital space changed")),
            ("inclusion.space_booked", _("Digital space booked")),
            ("inclusion.slot_blocked", _("Digital space slot blocked")),
            ("inclusion.booking_cancelled", _("Digital space booking cancelled")),
            ("inclusion.self_assessment_recorded", _("Digital skills questionnaire answered")),
            ("inclusion.certificate_sent", _("Workshop certificate of attendance sent")),
        ):
            register(action, text)
