"""Photos sent with a repair: only real images, re-encoded without camera or GPS data, stored under
a name of our choosing, and shown only to those who may see the request."""

import io

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.repairs import photos as photo_rules
from palier.repairs.models import Photo
from palier.repairs.services import upload_photo

from .helpers import jpeg_bytes, report


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def with_camera_and_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif.get_ifd(0x8825)[2] = (50.0, 50.0, 0.0)  # GPSLatitude
    return jpeg_bytes(exif=exif)


def test_a_photo_is_re_encoded_without_camera_or_gps_data(db, tenant):
    photo = upload_photo(acting=Acting(user=tenant), upload=upload(with_camera_and_gps()))
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.size == (40, 30)


def test_the_stored_name_is_random(db, tenant):
    photo = upload_photo(acting=Acting(user=tenant), upload=upload(jpeg_bytes(), name="salle-de-bain.jpg"))
    assert photo.file.name.startswith("repairs/") and photo.file.name.endswith(".jpg")
    assert "salle" not in photo.file.name


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "..\\..\\photo.jpg", "/tmp/photo.jpg", "photo..jpg"])
def test_a_path_in_the_file_name_is_refused_with_a_clear_message(db, tenant, name):
    # A file as it came, name untouched (Django's uploads keep only the last part of the name).
    raw = File(io.BytesIO(jpeg_bytes()), name=name)
    with pytest.raises(DomainError) as refused:
        upload_photo(acting=Acting(user=tenant), upload=raw)
    assert refused.value.message == ("Le nom de ce fichier n'est pas accepté. Renommez la photo, par exemple "
                                     "photo.jpg, et envoyez-la à nouveau.")
    assert not Photo.objects.exists()


def heic_bytes() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 300


def test_an_iphone_heic_photo_is_refused_up_front_without_a_decoder(db, tenant, monkeypatch):
    monkeypatch.setattr(photo_rules, "heic_decoder", lambda: False)
    with pytest.raises(DomainError) as refused:
        upload_photo(acting=Acting(user=tenant), upload=upload(heic_bytes(), name="IMG_0001.HEIC",
                                                               content_type="image/heic"))
    assert refused.value.message == ("Nous ne pouvons pas ouvrir ce type de photo (HEIC, d'un iPhone). "
                                     "Envoyez une photo JPEG ou PNG.")


def test_a_heic_photo_goes_to_the_decoder_when_one_is_installed(db, tenant, monkeypatch):
    monkeypatch.setattr(photo_rules, "heic_decoder", lambda: True)
    with pytest.raises(DomainError) as refused:  # a real decoder would open a real photo; this one is fake
        upload_photo(acting=Acting(user=tenant), upload=upload(heic_bytes(), name="IMG_0001.HEIC",
                                                               content_type="image/heic"))
    assert refused.value.message == "Cette photo ne peut pas être lue. Essayez-en une autre."


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(db, tenant):
    with pytest.raises(DomainError) as refused:
        upload_photo(acting=Acting(user=tenant), upload=upload(b"%PDF-1.7 not a photo", name="photo.jpg"))
    assert "n'est pas une photo" in str(refused.value.message)


def test_an_image_bomb_is_refused(db, tenant):
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")
    assert len(out.getvalue()) < 200_000  # small on the wire, 50 megapixels once opened
    with pytest.raises(DomainError) as refused:
        upload_photo(acting=Acting(user=tenant), upload=upload(out.getvalue(), name="bomb.png",
                                                               content_type="image/png"))
    assert "trop grande" in str(refused.value.message)


def test_a_photo_too_large_is_refused(db, tenant, monkeypatch):
    monkeypatch.setattr(photo_rules, "MAX_BYTES", 100)
    with pytest.raises(DomainError) as refused:
        upload_photo(acting=Acting(user=tenant), upload=upload(jpeg_bytes()))
    assert "trop lourde" in str(refused.value.message)


def test_a_broken_image_is_refused(db, tenant):
    broken = jpeg_bytes()[:40]
    with pytest.raises(DomainError):
        upload_photo(acting=Acting(user=tenant), upload=upload(broken))


def test_the_report_takes_five_photos_at_most(client, tenant, tenancy):
    client.force_login(tenant)
    client.post(reverse("portal:repair-report"), {"room": "bathroom"})
    client.post(reverse("portal:repair-report-what"), {"problem": "bath-shower-leak"})
    client.post(reverse("portal:repair-report-since"), {"since": "today"})
    for _ in range(5):
        client.post(reverse("portal:repair-report-photos"), {"photo": upload(jpeg_bytes()), "add": "1"})
    response = client.post(reverse("portal:repair-report-photos"), {"photo": upload(jpeg_bytes()), "add": "1"})
    assert response.status_code == 400
    assert "Vous pouvez envoyer jusqu&#x27;à 5 photos." in response.content.decode()
    assert len(client.session["repair_report"]["photos"]) == 5


def test_a_refused_file_is_explained_on_the_photo_page(client, tenant, tenancy):
    client.force_login(tenant)
    client.post(reverse("portal:repair-report"), {"room": "bathroom"})
    client.post(reverse("portal:repair-report-what"), {"problem": "bath-shower-leak"})
    client.post(reverse("portal:repair-report-since"), {"since": "today"})
    response = client.post(reverse("portal:repair-report-photos"),
                           {"photo": upload(b"MZ\x90\x00 an exe", name="photo.jpg"), "add": "1"})
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas une photo." in response.content.decode()


def test_a_photo_is_served_to_the_household_with_a_sandboxing_policy(client, tenant, cotenant, tenant_person,
                                                                        tenancy):
    photo = upload_photo(acting=Acting(user=tenant), upload=upload(jpeg_bytes()))
    report(tenant_person, photo_ids=[photo.pk])
    client.force_login(cotenant)
    response = client.get(reverse("portal:repair-photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_neighbour_and_an_agent_of_another_agency_do_not_get_the_photo(client, tenant, tenant_person, tenancy,
                                                                          neighbour, other_agent, agent):
    photo = upload_photo(acting=Acting(user=tenant), upload=upload(jpeg_bytes()))
    report(tenant_person, photo_ids=[photo.pk])
    url = reverse("portal:repair-photo", args=[photo.pk])
    for outsider in (neighbour, other_agent):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(agent)
    assert client.get(url).status_code == 200


def test_a_photo_not_sent_yet_is_seen_only_by_its_uploader(client, tenant, cotenant, tenancy):
    photo = upload_photo(acting=Acting(user=tenant), upload=upload(jpeg_bytes()))
    client.force_login(cotenant)
    assert client.get(reverse("portal:repair-photo", args=[photo.pk])).status_code == 404
    client.force_login(tenant)
    assert client.get(reverse("portal:repair-photo", args=[photo.pk])).status_code == 200
