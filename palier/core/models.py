from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic concurrency: a form carries `version`; a service saving with a stale version
    raises `StaleEdit`, which the view turns into a message and shows the current state."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
