"""What the mandates app holds about a person, for the privacy registry: the mandates they gave
(and received, for a helper's own account), the journal of their use, and the retention of
mandates 6 years after they end (STANDARDS.md)."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import plain, register, rows
from palier.privacy.services import cutoff

from .models import Mandate, MandateUse


def export_person(person) -> dict:
    mandates = Mandate.objects.filter(tenant=person).select_related("helper").prefetch_related("scopes")
    given = []
    for mandate, row in zip(mandates, rows(mandates, exclude=("id", "code_hash", "scan", "code_attempts")),
                            strict=True):
        row["scopes"] = [{"scope": s.get_scope_display(), "taken_back": plain(s.revoked_at)} for s in mandate.scopes.all()]
        given.append(row)
    uses = MandateUse.objects.filter(person=person).select_related("actor").order_by("at", "pk")
    journal = [{"at": plain(u.at), "by": str(u.actor), "scope": u.scope, "page": u.page, "channel": u.channel}
               for u in uses]
    return {"mandates_given": given, "journal": journal}


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    count = Mandate.objects.filter(tenant=person).count()
    return [{"what": _("The mandates you gave to helpers and their journal"), "count": count, "erased": False,
             "reason": _("Kept 6 years after each mandate ends: they prove what you agreed to.")}]


def apply_retention(rules, *, acting, now) -> list[dict]:
    """Delete mandates (their scopes, journal and scanned form) ended longer ago than the rule."""
    limit = cutoff(now, rules.get(Category.HELPER_MANDATES, 72))
    ended = Mandate.objects.filter(Q(ends_at__lt=limit) | Q(revoked_at__lt=limit))
    with transaction.atomic():
        ids = list(ended.values_list("pk", flat=True)[:5000])
        scans = [s for s in Mandate.objects.filter(pk__in=ids).values_list("scan", flat=True) if s]
        uses = MandateUse.objects.filter(mandate_id__in=ids).delete()[0]
        count = Mandate.objects.filter(pk__in=ids).delete()[1].get("mandates.Mandate", 0)
        storage = Mandate.scan.field.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in scans])
    return [{"category": Category.HELPER_MANDATES, "what": "ended mandates deleted", "count": count},
            {"category": Category.HELPER_MANDATES, "what": "mandate journal lines deleted", "count": uses}]


def register_privacy() -> None:
    register("mandates", title=gettext_lazy("Helpers who act for you"), export=export_person, erase=erase_person,
             retain=apply_retention, order=60)
