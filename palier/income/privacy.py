"""Income documents in "My data", erasure and retention.

- Export: each request (year, status, dates) and the names and dates of its files, never their
  content.
- Erasure: files not yet accepted are deleted at once; accepted ones are needed for the rent
  decision and are deleted as soon as it is final.
- Retention: files are deleted with the final decision (`services.record_decision`); this run
  deletes any left behind: those of a request decided more than the rule's months ago, and those
  of a campaign older than ORPHANED_MONTHS that never got a decision."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import register

from .models import IncomeDocument, IncomeRequest, Status

# A campaign's files still there this long after it opened had no decision recorded: deleted.
ORPHANED_MONTHS = 18


def export_person(person) -> dict:
    requests = (IncomeRequest.objects.filter(household_id=person.household_id).select_related("campaign")
                .prefetch_related("documents").order_by("campaign__year"))
    return {"income_documents": [
        {"year": r.campaign.year, "status": r.status, "status_label": str(r.get_status_display()),
         "asked_at": r.asked_at.isoformat(), "handed_in_at": r.handed_in_at.isoformat() if r.handed_in_at else None,
         "decided_on": r.decided_on.isoformat() if r.decided_on else None,
         "files": [{"name": d.name, "sent_on": d.uploaded_at.isoformat(), "channel": d.channel}
                   for d in r.documents.all()]}
        for r in requests
    ]}


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    from .services import _delete_documents

    mine = IncomeDocument.objects.filter(request__household_id=person.household_id)
    waiting = mine.exclude(request__status=Status.ACCEPTED)
    kept = mine.filter(request__status=Status.ACCEPTED)
    lines = [
        {"what": _("Income documents not yet accepted"), "count": waiting.count(), "erased": True, "reason": ""},
        {"what": _("Income documents accepted for the rent decision"), "count": kept.count(), "erased": False,
         "reason": _("Needed to compute your rent; deleted as soon as the rent decision is final.")},
    ]
    if not dry_run:
        _delete_documents(waiting)
    return lines


def apply_retention(rules, *, acting, now) -> list[dict]:
    from palier.privacy.services import cutoff

    from .services import _delete_documents

    now = now or timezone.now()
    limit = cutoff(now, rules.get(Category.INCOME_DOCUMENTS, 0)).date()
    expired = IncomeDocument.objects.filter(
        Q(request__status=Status.DECIDED, request__decided_on__lte=limit)
        | Q(request__campaign__opened_at__lt=cutoff(now, ORPHANED_MONTHS)))
    count = _delete_documents(expired)
    return [{"category": Category.INCOME_DOCUMENTS, "what": "income documents deleted", "count": count}]


def register_privacy() -> None:
    register("income", title=gettext_lazy("Income documents"), export=export_person, erase=erase_person,
             retain=apply_retention, order=45)
