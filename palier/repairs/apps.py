from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_catalogue(sender, **kwargs):
    from .catalogue import ensure_catalogue

    ensure_catalogue()


class RepairsConfig(AppConfig):
    name = "palier.repairs"
    label = "repairs"
    verbose_name = _("Repairs")

    def ready(self):
        from palier.audit.registry import register
        from palier.core.pictograms import PICTOGRAMS

        from .catalogue import PICTOGRAMS as REPAIR_PICTOGRAMS

        for key, svg in REPAIR_PICTOGRAMS.items():
            PICTOGRAMS.setdefault(key, svg)
        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="repairs-catalogue")
        from .privacy import register_privacy

        register_privacy()
        for action, text in (
            ("repairs.request_reported", _("Repair reported")),
            ("repairs.me_too_added", _("Repair: \"me too\" added")),
            ("repairs.information_added", _("Repair: information added")),
            ("repairs.request_cancelled", _("Repair cancelled")),
            ("repairs.fixed_confirmed", _("Repair confirmed as fixed")),
            ("repairs.request_reopened", _("Repair reopened: not fixed")),
            ("repairs.status_changed", _("Repair status changed")),
            ("repairs.request_assigned", _("Repair assigned")),
            ("repairs.work_order_raised", _("Work order raised")),
            ("repairs.request_reclassified", _("Repair re-classified")),
            ("repairs.requests_merged", _("Repair requests merged")),
            ("repairs.note_added", _("Repair: internal note added")),
            ("repairs.tenant_messaged", _("Repair: message sent to the tenant")),
            ("repairs.appointment_set", _("Repair appointment set")),
            ("repairs.work_order_confirmed", _("Work order: appointment confirmed")),
            ("repairs.work_order_done", _("Work order reported done")),
            ("repairs.work_order_no_one_home", _("Work order: no one home")),
            ("repairs.untouched_alerted", _("Untouched repair: officer alerted")),
            ("repairs.photo_added", _("Repair photo uploaded")),
            ("repairs.problem_added", _("Repair catalogue: problem added")),
            ("repairs.problem_changed", _("Repair catalogue: problem changed")),
            ("repairs.problem_retired", _("Repair catalogue: problem retired")),
            ("repairs.problem_restored", _("Repair catalogue: problem offered again")),
            ("repairs.deadlines_changed", _("Repair deadlines changed")),
        ):
            register(action, text)
