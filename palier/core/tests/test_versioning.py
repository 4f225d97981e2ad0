import pytest
from django.utils import translation

from palier.core.errors import StaleEdit
from palier.core.versioning import save_versioned
from palier.tenancies.models import Person


def test_the_second_of_two_concurrent_edits_is_told_someone_else_changed_it(tenant_person):
    mine = Person.objects.get(pk=tenant_person.pk)
    theirs = Person.objects.get(pk=tenant_person.pk)
    theirs.by_sms = True
    save_versioned(theirs, expected_version=theirs.version, fields=["by_sms"])
    mine.by_post = False
    with translation.override("en"), pytest.raises(StaleEdit, match="Someone else changed this"):
        save_versioned(mine, expected_version=mine.version, fields=["by_post"])
    fresh = Person.objects.get(pk=tenant_person.pk)
    assert fresh.by_sms is True and fresh.by_post is True and fresh.version == 2
