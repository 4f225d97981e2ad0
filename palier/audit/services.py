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
