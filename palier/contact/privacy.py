"""Call-backs, conversations and announcements read, in "My data", erasure and retention."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import register, rows

from . import models as contact


def export_person(person) -> dict:
    data = {
        "callbacks": rows(contact.CallbackRequest.objects.filter(person=person),
                          exclude=("id", "person", "tenancy")),
        "announcements_read": [
            {"announcement": str(r.announcement), "read_at": r.read_at.isoformat()}
            for r in contact.AnnouncementRead.objects.filter(person=person).select_related("announcement")
        ],
    }
    if hasattr(contact, "Conversation"):
        data["conversations"] = [
            {**rows([c], exclude=("id", "person", "tenancy"))[0],
             "messages": rows(c.messages.all(), exclude=("id", "conversation"))}
            for c in contact.Conversation.objects.filter(person=person).prefetch_related("messages")
        ]
    return data


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    reads = contact.AnnouncementRead.objects.filter(person=person)
    done = contact.CallbackRequest.objects.filter(person=person).exclude(state="open")
    lines = [
        {"what": _("Announcements you read"), "count": reads.count(), "erased": True, "reason": ""},
        {"what": _("Call-backs already made"), "count": done.count(), "erased": True, "reason": ""},
    ]
    if hasattr(contact, "Conversation"):
        lines.append({"what": _("Conversations with your agency"),
                      "count": contact.Conversation.objects.filter(person=person).count(), "erased": False,
                      "reason": _("Kept with your lease file (5 years after the tenancy ends).")})
    if not dry_run:
        reads.delete()
        done.delete()
    return lines


def apply_retention(rules, *, acting, now) -> list[dict]:
    from palier.privacy.services import cutoff

    limit = cutoff(now, rules.get(Category.MESSAGES, 60))
    callbacks = contact.CallbackRequest.objects.exclude(state="open").filter(created_at__lt=limit).delete()[0]
    reads = contact.AnnouncementRead.objects.filter(read_at__lt=limit).delete()[0]
    return [
        {"category": Category.MESSAGES, "what": "call-back requests deleted", "count": callbacks},
        {"category": Category.MESSAGES, "what": "announcement reads deleted", "count": reads},
    ]


def register_privacy() -> None:
    register("contact", title=gettext_lazy("Call-backs, conversations and announcements"), export=export_person,
             erase=erase_person, retain=apply_retention, order=30)
