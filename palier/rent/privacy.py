"""The rent ledger and the direct-debit mandates in "My data"; kept on erasure and by the retention
run (accounting law: 10 years). Past the retention period the identities are redacted from the
payment data (account holder, IBAN, who paid) and the amounts are kept."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.registry import plain, register

from .models import LedgerEntry


def export_person(person) -> list[dict]:
    entries = (LedgerEntry.objects.filter(tenancy__household_id=person.household_id)
               .select_related("tenancy").order_by("booked_on", "pk"))
    return [{"tenancy": e.tenancy.number, "date": plain(e.booked_on), "period": plain(e.period),
             "kind": str(e.get_kind_display()), "label": e.label, "amount": str(e.amount),
             "channel": str(e.get_channel_display()) if e.channel else ""} for e in entries]


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    count = LedgerEntry.objects.filter(tenancy__household_id=person.household_id).count()
    return [{"what": _("Rent ledger and payments"), "count": count, "erased": False,
             "reason": _("Kept 10 years: accounting law. Your name is removed from it with your lease file.")}]


# --- direct debit ---------------------------------------------------------------------------------


def export_debit(person) -> dict:
    """The household's mandates (the account number masked: only its country and last four digits)
    and every debit, with why the bank sent one back."""
    from .debit_models import Debit, Mandate
    from .return_codes import for_tenant

    mandates = Mandate.objects.filter(tenancy__household_id=person.household_id).order_by("created_at", "pk")
    debits = (Debit.objects.filter(tenancy__household_id=person.household_id).select_related("mandate")
              .order_by("due_on", "pk"))
    return {
        "mandates": [{
            "reference": m.reference, "creditor_id": m.creditor_id, "account_holder": m.account_holder,
            "iban": m.masked_iban, "signed_on": plain(m.signed_on), "signed_through": m.channel,
            "state": str(m.get_state_display()), "last_collection": plain(m.last_collected_on),
            "ended_at": plain(m.ended_at),
        } for m in mandates],
        "debits": [{
            "mandate": d.mandate.reference, "date": plain(d.due_on), "amount": str(d.amount),
            "state": str(d.get_state_display()),
            "returned_on": plain(d.returned_on), "why_returned": for_tenant(d.return_reason) if d.returned_on else "",
        } for d in debits],
    }


def erase_debit(person, *, acting, now, rules, dry_run) -> list[dict]:
    from .debit_models import Mandate

    count = Mandate.objects.filter(tenancy__household_id=person.household_id).count()
    return [{"what": _("Direct debit mandates and debits"), "count": count, "erased": False,
             "reason": _("Kept 10 years after the mandate ends: accounting law. Then your name and account "
                         "number are removed; the amounts stay.")}]


def apply_retention(rules, *, acting, now) -> list[dict]:
    """Past the ledger's retention (10 years by default, counted from the end of a mandate and from
    an online payment), remove who paid and from which account; keep references and amounts."""
    from palier.privacy.models import Category
    from palier.privacy.services import cutoff

    from .debit_models import Mandate, MandateState
    from .payment_models import OnlinePayment

    limit = cutoff(now, rules.get(Category.LEDGER, 120))
    ended = (Mandate.objects.exclude(state=MandateState.ACTIVE)
             .filter(Q(ended_at__lt=limit) | Q(ended_at__isnull=True, created_at__lt=limit))
             .exclude(account_holder="", iban_hash=""))
    mandates = 0
    for mandate in ended.iterator(chunk_size=500):
        mandate.account_holder, mandate.iban, mandate.iban_hash, mandate.bic = "", "", "", ""
        mandate.amended_from_iban, mandate.amended_from_bic, mandate.signed_by = "", "", None
        mandate.save(update_fields=["account_holder", "iban", "iban_hash", "bic", "amended_from_iban",
                                    "amended_from_bic", "signed_by"])
        mandates += 1
    payments = (OnlinePayment.objects.filter(created_at__lt=limit)
                .filter(Q(person__isnull=False) | Q(created_by__isnull=False) | ~Q(checkout_url=""))
                .update(person=None, created_by=None, checkout_url=""))
    return [
        {"category": Category.LEDGER, "what": "direct debit mandates: holder and account removed", "count": mandates},
        {"category": Category.LEDGER, "what": "online payments: payer removed", "count": payments},
    ]


def register_privacy() -> None:
    register("rent", title=gettext_lazy("Rent and payments"), export=export_person, erase=erase_person, order=20)
    register("rent_debit", title=gettext_lazy("Direct debit"), export=export_debit, erase=erase_debit,
             retain=apply_retention, order=22)
