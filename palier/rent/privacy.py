"""The rent ledger in "My data"; kept on erasure and by the retention run (accounting law)."""

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


def register_privacy() -> None:
    register("rent", title=gettext_lazy("Rent and payments"), export=export_person, erase=erase_person, order=20)
