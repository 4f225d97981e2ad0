"""Messages sent to a person (inbox, email, SMS, letters) in "My data", erasure and retention."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.models import Category
from palier.privacy.registry import plain, register

from .models import Message


def export_person(person) -> list[dict]:
    return [{"channel": str(m.get_channel_display()), "to": m.to, "subject": m.subject, "text": m.body,
             "state": str(m.get_state_display()), "created_at": plain(m.created_at), "sent_at": plain(m.sent_at),
             "read_at": plain(m.read_at)}
            for m in Message.objects.filter(person=person).order_by("created_at", "pk")]


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    copies = Message.objects.filter(person=person, channel__in=["email", "sms"], state__in=["sent", "delivered", "failed"])
    kept = Message.objects.filter(person=person).exclude(pk__in=copies.values("pk"))
    lines = [
        {"what": _("Copies of emails and SMS sent to you"), "count": copies.count(), "erased": True, "reason": ""},
        {"what": _("Letters and messages in your inbox"), "count": kept.count(), "erased": False,
         "reason": _("Kept with your lease file (5 years after the tenancy ends).")},
    ]
    if not dry_run:
        copies.delete()
    return lines


def apply_retention(rules, *, acting, now) -> list[dict]:
    from palier.privacy.services import cutoff

    limit = cutoff(now, rules.get(Category.MESSAGES, 60))
    deleted = Message.objects.filter(created_at__lt=limit, state__in=["sent", "delivered", "failed", "read"]).delete()[0]
    return [{"category": Category.MESSAGES, "what": "messages deleted", "count": deleted}]


def register_privacy() -> None:
    register("notifications", title=gettext_lazy("Messages we sent you"), export=export_person,
             erase=erase_person, retain=apply_retention, order=40)
