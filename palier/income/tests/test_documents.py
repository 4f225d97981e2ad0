"""Income documents: only real PDFs and images, encrypted at rest under a random name, rotated
with the keys, deleted with the rent decision, listed (never their content) in "My data"."""

import datetime as dt
import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from palier.core import crypto
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.income import files, services
from palier.income.models import IncomeDocument, IncomeRequest, Status
from palier.privacy.keys import rotate_all
from palier.privacy.models import Category

from .conftest import PDF, jpeg_upload, pdf_upload


def _raw(document) -> bytes:
    with default_storage.open(document.file, "rb") as handle:
        return handle.read()


def test_the_bytes_on_disk_are_not_the_plain_file(aminas_request, tenant):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    raw = _raw(document)
    assert raw != PDF
    assert b"%PDF" not in raw and b"1 234,56" not in raw
    assert raw.startswith(b"gAAAAA")  # a Fernet token
    assert files.read(document.file) == PDF


def test_the_stored_name_is_random_and_the_label_drops_any_path(aminas_request, tenant):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request,
                                     upload=pdf_upload(name="../../etc/passwd.pdf"))
    assert document.file.startswith("income/") and "passwd" not in document.file and ".." not in document.file
    assert document.name == "passwd.pdf"
    windows = services.add_document(acting=Acting(user=tenant), request=aminas_request,
                                    upload=pdf_upload(name="C:\\Users\\amina\\fiche.exe"))
    assert windows.name == "fiche.pdf"


def test_a_file_that_is_not_a_pdf_or_an_image_is_refused_whatever_its_name(aminas_request, tenant):
    with pytest.raises(DomainError) as refused:
        services.add_document(acting=Acting(user=tenant), request=aminas_request,
                              upload=pdf_upload(b"<html><script>alert(1)</script></html>", name="revenus.pdf"))
    assert "PDF" in str(refused.value.message)
    zip_bytes = b"PK\x03\x04" + b"\x00" * 300
    with pytest.raises(DomainError):
        services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload(zip_bytes))
    assert not IncomeDocument.objects.exists()


def test_a_file_over_10_mb_is_refused(aminas_request, tenant):
    big = PDF + b"0" * (files.MAX_BYTES + 1)
    with pytest.raises(DomainError) as refused:
        services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload(big))
    assert "10 Mo" in str(refused.value.message)


def test_an_image_bomb_is_refused(aminas_request, tenant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")
    with pytest.raises(DomainError):
        services.add_document(acting=Acting(user=tenant), request=aminas_request,
                              upload=SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png"))
    assert not IncomeDocument.objects.exists()


def test_a_photo_is_re_encoded_without_its_metadata(aminas_request, tenant):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif.get_ifd(0x8825)[2] = (50.0, 50.0, 0.0)
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request,
                                     upload=jpeg_upload(exif=exif))
    assert document.content_type == "image/jpeg"
    with Image.open(io.BytesIO(files.read(document.file))) as image:
        assert dict(image.getexif()) == {}


def test_rotate_keys_re_encrypts_the_files_with_the_new_key(aminas_request, tenant):
    old_key = crypto.encryption_keys()[0]
    with override_settings(PALIER_ENCRYPTION_KEYS=[old_key]):
        document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    new_key = Fernet.generate_key().decode()
    with override_settings(PALIER_ENCRYPTION_KEYS=[new_key, old_key]):
        results = {r.label: r for r in rotate_all()}
        assert results["income.IncomeDocument.file"].rotated == 1
        document.refresh_from_db()
        assert Fernet(new_key.encode()).decrypt(_raw(document)) == PDF
        assert files.read(document.file) == PDF
        assert rotate_all()[-1].rotated == 0  # nothing left to do


def test_the_household_cannot_add_once_it_handed_in_but_staff_can_scan(aminas_request, tenant, agent):
    services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    services.hand_in(acting=Acting(user=tenant), request=aminas_request)
    with pytest.raises(DomainError):
        services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    scan = services.add_document(acting=Acting(user=agent, channel=Channel.COUNTER), request=aminas_request,
                                 upload=pdf_upload())
    assert scan.channel == "counter" and scan.uploaded_by == agent


def test_the_final_decision_deletes_the_files_and_rows_and_keeps_the_decision(
        aminas_request, tenant, agent, django_capture_on_commit_callbacks):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    name = document.file
    services.accept_documents(acting=Acting(user=agent), request=aminas_request)
    with pytest.raises(DomainError):
        services.record_decision(acting=Acting(user=agent), request=aminas_request,
                                 decided_on=timezone.localdate() + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.record_decision(acting=Acting(user=agent), request=aminas_request,
                                           decided_on=timezone.localdate())
    assert deleted == 1
    assert not IncomeDocument.objects.exists()
    assert not default_storage.exists(name)
    aminas_request.refresh_from_db()
    assert aminas_request.status == Status.DECIDED and aminas_request.decided_on == timezone.localdate()


def test_retention_deletes_documents_of_a_campaign_that_never_got_a_decision(aminas_request, tenant):
    from palier.income.privacy import apply_retention

    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    report = apply_retention({Category.INCOME_DOCUMENTS: 0}, acting=Acting.system(), now=timezone.now())
    assert report[0]["count"] == 0
    later = timezone.now() + dt.timedelta(days=19 * 31)
    report = apply_retention({Category.INCOME_DOCUMENTS: 0}, acting=Acting.system(), now=later)
    assert report[0]["count"] == 1
    assert not IncomeDocument.objects.filter(pk=document.pk).exists()
    assert IncomeRequest.objects.filter(pk=aminas_request.pk).exists()


def test_my_data_lists_names_and_dates_never_the_content(aminas_request, tenant, tenant_person, neighbour_person):
    from palier.income.privacy import export_person

    services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    exported = export_person(tenant_person)["income_documents"]
    assert exported[0]["files"][0]["name"] == "fiche de paie.pdf"
    assert "1 234,56" not in str(exported)
    assert export_person(neighbour_person)["income_documents"][0]["files"] == []


def test_erasure_deletes_what_is_not_yet_accepted(aminas_request, tenant, tenant_person):
    from palier.income.privacy import erase_person

    services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    lines = erase_person(tenant_person, acting=Acting.system(), now=timezone.now(), rules={}, dry_run=True)
    assert lines[0]["count"] == 1 and IncomeDocument.objects.count() == 1
    erase_person(tenant_person, acting=Acting.system(), now=timezone.now(), rules={}, dry_run=False)
    assert IncomeDocument.objects.count() == 0
