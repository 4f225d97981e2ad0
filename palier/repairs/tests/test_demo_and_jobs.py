"""The demo seed and the background jobs of repairs."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from palier.notifications.models import Message
from palier.repairs.catalogue import CATALOGUE, ensure_catalogue
from palier.repairs.models import Problem, RepairRequest, Status, WorkOrder

from .helpers import report


def test_the_catalogue_is_seeded_once_and_staff_changes_are_kept(db):
    Problem.objects.filter(code="bath-flush").update(responsible="tenant")
    assert ensure_catalogue() == 0
    assert Problem.objects.count() == len(CATALOGUE)
    assert Problem.objects.get(code="bath-flush").responsible == "tenant"
    assert Problem.objects.filter(is_emergency=True).count() == 5


def test_the_demo_has_repairs_in_every_state(db):
    call_command("seed_demo", dwellings=30, stdout=io.StringIO())
    statuses = set(RepairRequest.objects.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.PLANNED, Status.DONE, Status.CLOSED} <= statuses
    assert WorkOrder.objects.filter(contractor__users__username="demo-contractor").exists()
    assert RepairRequest.objects.filter(channel="kiosk").exists()


def test_the_repair_jobs_alert_untouched_requests_through_the_task_queue(db, agent, tenant_person, tenancy):
    repair = report(tenant_person, "door-lock")
    RepairRequest.objects.filter(pk=repair.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    call_command("repair_jobs", stdout=io.StringIO())
    assert Message.objects.filter(user=agent, body__contains=repair.reference).count() == 1


def test_repair_photos_are_deleted_two_years_after_closure_and_requests_are_in_my_data(db, tenant, tenant_person,
                                                                                       tenancy, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from palier.core.acting import Acting
    from palier.repairs import privacy
    from palier.repairs.services import change_status, upload_photo

    from .helpers import jpeg_bytes

    photo = upload_photo(acting=Acting(user=tenant), upload=SimpleUploadedFile("a.jpg", jpeg_bytes()))
    repair = report(tenant_person, "door-lock", photo_ids=[photo.pk])
    change_status(acting=Acting(user=agent), repair=repair, status=Status.CLOSED, expected_version=repair.version)
    exported = privacy.export_person(tenant_person)["repair_requests"]
    assert exported[0]["reference"] == repair.reference and exported[0]["photos"] == 1
    soon = timezone.now() + dt.timedelta(days=300)
    assert privacy.apply_retention({}, acting=Acting.system(), now=soon)[0]["count"] == 0
    later = timezone.now() + dt.timedelta(days=800)
    assert privacy.apply_retention({}, acting=Acting.system(), now=later)[0]["count"] == 1
    assert not repair.photos.exists()
