"""The contributions of the apps of privacy's own layer (accounts, audit) to the registry: the
sign-in account's trail and the audit events about the person; the security logs' retention."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Category
from .registry import plain, register


def export_audit(person) -> list[dict]:
    from palier.audit.models import AuditEvent

    events = AuditEvent.objects.for_person(person.pk).order_by("at", "pk")
    if person.user_id:
        # What was done with the person's own account (sign-ins, refusals), even without a subject.
        from django.db.models import Q

        events = AuditEvent.objects.filter(
            Q(for_person_id=person.pk) | Q(subject_person_id=person.pk) | Q(actor_id=person.user_id)
            | Q(target_type__model="user", target_type__app_label="accounts", target_id=str(person.user_id))
        ).order_by("at", "pk")
    return [{"at": plain(e.at), "what": e.description, "by": e.actor_label, "channel": e.channel,
             "about": e.target_label} for e in events.select_related("target_type")]


def erase_audit(person, *, acting, now, rules, dry_run) -> list[dict]:
    return [{"what": _("The record of who did what in your file (audit trail)"), "count": 0, "erased": False,
             "reason": _("Kept: it proves who saw or changed your data. Security logs are kept 12 months.")}]


def retain_security_logs(rules, *, acting, now) -> list[dict]:
    from palier.accounts.models import LoginFailure, OneTimeCode
    from palier.audit.security_logs import MIN_MONTHS, purge_security_logs

    from .services import cutoff

    months = max(rules.get(Category.SECURITY_LOGS, 12), MIN_MONTHS)
    limit = cutoff(now, months)
    failures = LoginFailure.objects.filter(at__lt=limit).delete()[0]
    codes = OneTimeCode.objects.filter(expires_at__lt=limit).delete()[0]
    purged = purge_security_logs(before=limit, now=now)
    lines = [{"category": Category.SECURITY_LOGS, "what": "failed sign-ins deleted", "count": failures},
             {"category": Category.SECURITY_LOGS, "what": "expired one-time codes deleted", "count": codes},
             {"category": Category.SECURITY_LOGS,
              "what": f"security log events older than {limit:%Y-%m-%d} ({months} months) deleted",
              "count": sum(purged.values())}]
    lines += [{"category": Category.SECURITY_LOGS, "what": f"of which {action}", "count": n, "detail": True}
              for action, n in sorted(purged.items())]
    return lines


def register_privacy() -> None:
    register("audit", title=gettext_lazy("Who did what in your file"), export=export_audit, erase=erase_audit,
             retain=retain_security_logs, order=90)
