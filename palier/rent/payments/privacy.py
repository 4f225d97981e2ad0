"""Online payments and the choice of receipts by email, in "My data"."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.registry import plain, register

from ..payment_models import OnlinePayment, ReceiptConsent


def export_person(person) -> dict:
    payments = OnlinePayment.objects.filter(tenancy__household_id=person.household_id).order_by("created_at", "pk")
    consent = ReceiptConsent.objects.filter(person=person).first()
    return {
        "online_payments": [{"date": plain(p.created_at), "amount": str(p.amount), "provider": p.provider,
                             "status": str(p.get_status_display())} for p in payments],
        "receipts_by_email": bool(consent and consent.by_email),
    }


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    payments = OnlinePayment.objects.filter(tenancy__household_id=person.household_id).count()
    consent = ReceiptConsent.objects.filter(person=person)
    lines = [{"what": _("Online payments"), "count": payments, "erased": False,
              "reason": _("Kept 10 years, like the rent ledger: accounting law.")}]
    lines.append({"what": _("Choice of receipts by email"), "count": consent.count(), "erased": not dry_run,
                  "reason": ""})
    if not dry_run:
        consent.delete()
    return lines


def register_privacy() -> None:
    register("rent_online", title=gettext_lazy("Online payments"), export=export_person, erase=erase_person,
             order=21)
