"""Repairs in "My data", erasure and retention: the requests a person reported or follows, and
their photos, deleted 2 years after the request is closed (the retention table's default)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import register, rows

from .models import OPEN_STATUSES, Follower, Photo, RepairRequest

EXPORTED = ("reference", "problem", "description", "since", "access_slots", "access_notes", "keep_informed",
            "priority", "status", "deadline", "appointment_at", "channel", "created_at", "done_at", "closed_at",
            "fixed", "rating")


def _requests_of(person):
    return RepairRequest.objects.filter(Q(created_for=person) | Q(followers__person=person)).distinct()


def export_person(person) -> dict:
    requests = _requests_of(person).select_related("problem").order_by("created_at")
    return {
        "repair_requests": [
            {**rows([r], only=EXPORTED)[0],
             "timeline": [{"what": str(e.get_kind_display()), "text": e.text, "at": e.at.isoformat()}
                          for e in r.events.filter(internal=False)],
             "photos": r.photos.count()}
            for r in requests
        ],
    }


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    follows = Follower.objects.filter(person=person).exclude(request__created_for=person)
    requests = RepairRequest.objects.filter(created_for=person)
    lines = [
        {"what": _("Common-area problems you said \"me too\" for"), "count": follows.count(), "erased": True,
         "reason": ""},
        {"what": _("Your repair requests"), "count": requests.count(), "erased": False,
         "reason": _("Kept with your lease file; their photos are deleted 2 years after the request is closed.")},
    ]
    if not dry_run:
        follows.delete()
    return lines


def apply_retention(rules, *, acting, now) -> list[dict]:
    from palier.privacy.services import cutoff

    limit = cutoff(now, rules.get(Category.REPAIR_PHOTOS, 24))
    old = Photo.objects.filter(request__closed_at__lt=limit).exclude(request__status__in=OPEN_STATUSES)
    count = 0
    for photo in old.iterator(chunk_size=500):
        photo.file.delete(save=False)
        photo.delete()
        count += 1
    return [{"category": Category.REPAIR_PHOTOS, "what": "repair photos deleted", "count": count}]


def register_privacy() -> None:
    register("repairs", title=gettext_lazy("Repairs"), export=export_person, erase=erase_person,
             retain=apply_retention, order=40)
