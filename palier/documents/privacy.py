"""The document vault in "My data". Rent notices, receipts and statements are accounting records:
kept 10 years like the ledger, never erased on request."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.registry import plain, register

from .models import Document


def export_person(person) -> list[dict]:
    documents = Document.objects.filter(household_id=person.household_id).order_by("created_at", "pk")
    return [{"title": d.title, "kind": str(d.get_kind_display()), "period": plain(d.period),
             "language": d.language, "created": plain(d.created_at)} for d in documents]


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    count = Document.objects.filter(household_id=person.household_id).count()
    return [{"what": _("Rent notices, receipts and statements"), "count": count, "erased": False,
             "reason": _("Kept 10 years, like the rent ledger: accounting law.")}]


def register_privacy() -> None:
    register("documents", title=gettext_lazy("Documents"), export=export_person, erase=erase_person, order=25)
