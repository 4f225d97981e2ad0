"""A contractor reports the work done with up to five photos, from a plain multiple file input;
a report that fails leaves no photo and no file behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palier.core.acting import Acting
from palier.repairs.models import Contractor, Photo, Status, WorkOrderStatus
from palier.repairs.services import raise_work_order, report_work_order_done
from palier.repairs.tests.helpers import jpeg_bytes, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def order(contractor, agent, tenant_person):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    batipro.users.add(contractor)
    repair = report(tenant_person, "door-lock")
    return raise_work_order(acting=Acting(user=agent), repair=repair, contractor=batipro, scope="Changer le cylindre",
                            deadline=None, expected_version=repair.version)


def _photos(n):
    return [SimpleUploadedFile(f"apres-{i}.jpg", jpeg_bytes(), content_type="image/jpeg") for i in range(n)]


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def _done(client, order, photos, report_text="Cylindre remplacé"):
    return client.post(reverse("works:order", args=[order.pk]),
                       {"action": "done", "done-report": report_text, "done-photo": photos})


def test_the_form_offers_a_multiple_file_input(client, contractor, order):
    client.force_login(contractor)
    page = client.get(reverse("works:order", args=[order.pk])).content.decode()
    assert 'type="file" name="done-photo"' in page and "multiple" in page
    assert "5 photos" in page


def test_a_contractor_reports_the_work_done_with_three_photos(client, contractor, order, _media):
    client.force_login(contractor)
    response = _done(client, order, _photos(3))
    assert response.status_code == 302
    repair = order.request
    repair.refresh_from_db()
    assert repair.status == Status.DONE
    assert repair.photos.count() == 3
    assert len(_files(_media)) == 3


def test_six_photos_are_refused_and_nothing_is_kept(client, contractor, order, _media):
    client.force_login(contractor)
    response = _done(client, order, _photos(6))
    assert response.status_code == 400
    assert "5 photos au maximum" in response.content.decode()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.SENT
    assert not Photo.objects.exists() and _files(_media) == []


def test_a_file_that_is_not_a_photo_leaves_no_other_photo_behind(client, contractor, order, _media,
                                                                django_capture_on_commit_callbacks):
    client.force_login(contractor)
    not_a_photo = SimpleUploadedFile("facture.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = _done(client, order, [*_photos(2), not_a_photo])
    assert response.status_code == 400
    assert "pas une photo" in response.content.decode()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.SENT
    assert not Photo.objects.exists() and _files(_media) == []


def test_a_report_refused_after_the_upload_deletes_the_photos_and_their_files(client, contractor, order, _media,
                                                                             django_capture_on_commit_callbacks):
    # Someone else of the firm reported it done a moment earlier: this report is refused.
    report_work_order_done(acting=Acting(user=contractor), order=order, report="Fait")
    client.force_login(contractor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _done(client, order, _photos(2))
    assert response.status_code == 400
    assert "Ce bon de travaux est terminé." in response.content.decode()
    assert not Photo.objects.filter(request__isnull=True).exists()
    assert order.request.photos.count() == 0
    assert _files(_media) == []
