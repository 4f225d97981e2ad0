from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncomeConfig(AppConfig):
    name = "palier.income"
    label = "income"
    verbose_name = _("Income documents")

    def ready(self):
        from palier.audit.registry import register
        from palier.privacy.keys import register_file_rotation

        from .files import rotate_files
        from .privacy import register_privacy

        register_privacy()
        register_file_rotation("income.IncomeDocument.file", rotate_files)
        for action, text in (
            ("income.campaign_opened", _("Rent revision: income documents asked")),
            ("income.reminder_sent", _("Rent revision: reminder sent")),
            ("income.document_added", _("Income document sent")),
            ("income.document_removed", _("Income document removed")),
            ("income.documents_submitted", _("Income documents handed in")),
            ("income.documents_accepted", _("Income documents accepted")),
            ("income.documents_asked_again", _("Income documents asked again")),
            ("income.decision_recorded", _("Rent decision recorded; income documents deleted")),
            ("income.documents_purged", _("Income documents deleted (retention)")),
        ):
            register(action, text)
