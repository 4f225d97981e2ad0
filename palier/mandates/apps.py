from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "palier.mandates"
    label = "mandates"
    verbose_name = _("Helper mandates")

    def ready(self):
        from palier.audit.registry import register
        from palier.core.middleware import register_for_person_resolver

        from . import acting, privacy

        register_for_person_resolver(acting.resolve)
        privacy.register_privacy()
        register("mandates.granted", _("Mandate given to a helper"))
        register("mandates.code_sent", _("Mandate code sent by SMS"))
        register("mandates.code_failed", _("Wrong mandate code"))
        register("mandates.confirmed_by_code", _("Mandate confirmed with the SMS code"))
        register("mandates.paper_registered", _("Signed paper mandate registered"))
        register("mandates.scope_revoked", _("Part of a mandate taken back"))
        register("mandates.revoked", _("Mandate stopped"))
        register("mandates.reminder_sent", _("Mandate end reminder sent"))
        register("mandates.scan_viewed", _("Scanned mandate form opened"))
        register("mandates.acting_started", _("Started acting for a tenant"))
        register("mandates.request_accepted", _("Mandate request accepted by the tenant"))
        register("mandates.request_refused", _("Mandate request refused by the tenant"))
        register("mandates.helper_signup_started", _("Helper account asked for"))
        register("mandates.helper_signup_code_failed", _("Wrong helper account code"))
        register("mandates.helper_account_created", _("Helper account created"))
