"""Merging duplicates respects the optimistic version check like every other edit: a staff
member who merges from a page someone else changed since is told, and nothing is merged."""

import pytest

from palier.core.acting import Acting
from palier.core.errors import DomainError, StaleEdit
from palier.notifications.models import Message
from palier.repairs.models import RepairRequest, Status
from palier.repairs.services import change_status, merge_requests

from .helpers import report


@pytest.fixture
def pair(tenant_person, cotenant_person, tenancy):
    return report(tenant_person, "common-lift-down"), report(cotenant_person, "common-lift-down")


def test_a_merge_from_a_stale_page_is_refused_and_changes_nothing(agent, manager, pair, cotenant_person):
    kept, duplicate = pair
    seen = duplicate.version
    change_status(acting=Acting(user=manager), repair=RepairRequest.objects.get(pk=duplicate.pk),
                  status=Status.PLANNED, expected_version=seen)
    before = Message.objects.count()
    with pytest.raises(StaleEdit) as refused:
        merge_requests(acting=Acting(user=agent), duplicate=RepairRequest.objects.get(pk=duplicate.pk), into=kept,
                       expected_version=seen)
    assert "Quelqu'un d'autre a modifié" in str(refused.value.message)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.PLANNED and duplicate.merged_into is None
    assert not kept.followers.filter(person=cotenant_person).exists()
    assert Message.objects.count() == before


def test_a_merge_into_a_request_changed_since_is_refused(agent, manager, pair):
    kept, duplicate = pair
    seen = kept.version
    change_status(acting=Acting(user=manager), repair=RepairRequest.objects.get(pk=kept.pk), status=Status.PLANNED,
                  expected_version=seen)
    with pytest.raises(StaleEdit):
        merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept, expected_version=duplicate.version,
                       into_version=seen)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.RECEIVED


def test_a_merge_with_the_versions_seen_goes_through_and_counts_as_a_change_of_both(agent, pair, cotenant_person):
    kept, duplicate = pair
    kept_version = kept.version
    merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept, expected_version=duplicate.version,
                   into_version=kept.version)
    assert duplicate.status == Status.CANCELLED and duplicate.merged_into == kept
    assert RepairRequest.objects.get(pk=kept.pk).version == kept.version == kept_version + 1
    assert kept.followers.filter(person=cotenant_person).exists()


def test_without_versions_the_request_as_loaded_is_the_one_checked(agent, manager, pair):
    kept, duplicate = pair
    change_status(acting=Acting(user=manager), repair=RepairRequest.objects.get(pk=duplicate.pk),
                  status=Status.PLANNED, expected_version=duplicate.version)
    with pytest.raises(StaleEdit):
        merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept)  # loaded before the change
    fresh = RepairRequest.objects.get(pk=duplicate.pk)
    merge_requests(acting=Acting(user=agent), duplicate=fresh, into=kept)
    assert RepairRequest.objects.get(pk=duplicate.pk).merged_into == kept


def test_a_refused_merge_leaves_the_callers_request_as_it_was(agent, pair):
    kept, duplicate = pair
    change_status(acting=Acting(user=agent), repair=kept, status=Status.CLOSED, expected_version=kept.version)
    version = duplicate.version
    with pytest.raises(DomainError) as refused:
        merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept, expected_version=version)
    assert refused.value.field == "into"
    assert (duplicate.status, duplicate.version, duplicate.merged_into) == (Status.RECEIVED, version, None)
    assert RepairRequest.objects.get(pk=duplicate.pk).status == Status.RECEIVED


def test_a_request_already_closed_cannot_be_merged(agent, pair):
    kept, duplicate = pair
    change_status(acting=Acting(user=agent), repair=duplicate, status=Status.CANCELLED,
                  expected_version=duplicate.version)
    with pytest.raises(DomainError) as refused:
        merge_requests(acting=Acting(user=agent), duplicate=duplicate, into=kept, expected_version=duplicate.version)
    assert not isinstance(refused.value, StaleEdit)
    assert RepairRequest.objects.get(pk=duplicate.pk).merged_into is None
