"""Keep a tenant's Person in step with their account where the account changes first (the
language switch in the page header belongs to the lowest layer and knows nothing of persons)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Person


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="tenancies.sync_person_language")
def sync_person_language(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and "language" not in update_fields:
        return
    Person.objects.filter(user_id=instance.pk).exclude(language=instance.language).update(language=instance.language)
