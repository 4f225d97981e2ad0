"""The bench's repair data set and pages, on a small database."""

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from palier.backoffice.bench_support import EXTRA_FIGURES, measure
from palier.repairs import bench
from palier.repairs.models import RepairRequest, Status

pytestmark = pytest.mark.django_db


def test_the_data_set_is_added_once_with_a_realistic_spread(tenancy, agent):
    assert bench.ensure_bench_requests(600) == 600
    assert bench.ensure_bench_requests(600) == 0
    statuses = set(RepairRequest.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.RECEIVED, Status.PLANNED} <= statuses
    assert RepairRequest.objects.filter(tenancy__isnull=True).exists()  # common areas
    assert set(RepairRequest.objects.values_list("priority", flat=True)) == {"emergency", "urgent", "routine"}
    oldest = RepairRequest.objects.order_by("created_at").first()
    assert (RepairRequest.objects.order_by("-created_at").first().created_at - oldest.created_at).days > 300
    assert all(r.deadline > r.created_at for r in RepairRequest.objects.all()[:50])


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
def test_the_queue_and_my_requests_are_measured(tenancy, tenant, agent):
    tenant.activated_at = timezone.now()
    tenant.save(update_fields=["activated_at"])
    bench.ensure_bench_requests(300)
    queue = measure(bench.queue_page(), requests=8, warmup=1)
    assert queue.statuses == {200: 8} and queue.queries_max <= bench.QUEUE_TARGET_QUERIES
    mine = measure(bench.my_requests_page(), requests=4, warmup=1)
    assert mine.statuses == {200: 4} and mine.queries_max <= bench.MY_REQUESTS_TARGET_QUERIES


def test_the_figures_are_registered_for_make_bench():
    assert bench.repair_queue_figure in EXTRA_FIGURES and bench.my_repairs_figure in EXTRA_FIGURES
