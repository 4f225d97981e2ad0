"""Append-only audit trail. An event can be written once and never changed or deleted;
on PostgreSQL a trigger enforces it too (migration 0002)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.acting import Channel
from palier.core.append_only import AppendOnlyModel, AppendOnlyQuerySet, protect


class AuditEventQuerySet(AppendOnlyQuerySet):
    def for_person(self, person_id: int):
        return self.filter(models.Q(for_person_id=person_id) | models.Q(subject_person_id=person_id))


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    # The tenant acted for (a helper or staff member acting on their behalf). A plain id:
    # persons live in a higher app (tenancies), which audit must not import.
    for_person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The person the event is about (whose file was read or changed), for the tenant's own trail.
    subject_person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit event")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


    @property
    def description(self):
        from .registry import describe

        return describe(self)


protect(AuditEvent._meta.db_table)
