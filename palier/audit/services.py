from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from palier.core.acting import Acting

from .models import AuditEvent


def record(
    acting: Acting,
    action: str,
    *,
    target: models.Model | None = None,
    subject_person_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event: who acted, for whom, through which channel, what, on what."""
    user = acting.user if acting.is_authenticated else None
    for_person = acting.for_person
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(user.get_full_name() or user.get_username())[:200] if user else "",
        for_person_id=getattr(for_person, "pk", None),
        subject_person_id=subject_person_id if subject_person_id is not None else getattr(for_person, "pk", None),
        channel=acting.channel,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data=data or {},
        ip=acting.ip if acting.ip and acting.ip != "unknown" else None,
    )


def record_sensitive_read(
    acting: Acting, target: models.Model, field: str, *, subject_person_id: int | None = None
) -> AuditEvent:
    """Record that `acting` was shown a sensitive value (an IBAN, a national register number, an
    income document) of `target`: who saw whose data, when. Call it from the view that shows it,
    every time it is shown; `field` names what was seen, never its value."""
    return record(acting, "audit.sensitive_read", target=target, subject_person_id=subject_person_id,
                  data={"field": field})
