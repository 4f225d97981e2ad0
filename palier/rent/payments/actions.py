"""Readable names of the audit actions of online payments, notices and receipts (registered from
RentConfig.ready)."""

from django.utils.translation import gettext_lazy as _


def register_actions() -> None:
    from palier.audit.registry import register

    register("rent.online_payment_started", _("Online payment started"))
    register("rent.online_payment_updated", _("Online payment status changed"))
    register("rent.notice_issued", _("Rent notice issued"))
    register("rent.receipt_issued", _("Rent receipt issued"))
    register("rent.statement_issued", _("Yearly rent statement issued"))
    register("rent.online_payment_refunded", _("Online payment refund booked"))
    register("rent.online_payment_charged_back", _("Online payment chargeback booked"))
    register("rent.online_refund_requested", _("Online payment refunded by the accountant"))
    register("rent.document_resent", _("Rent document sent again"))
    register("rent.receipt_consent_changed", _("Choice about receipts by email changed"))
    from .privacy import register_privacy

    register_privacy()

