import io
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.estates.models import Landlord
from palier.tenancies.letters import activation_letter_pdf


def png_with_gps_metadata() -> bytes:
    image = Image.new("RGB", (300, 120), "#0b5cab")
    exif = Image.Exif()
    exif[0x8825] = {2: (50.0, 51.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def test_an_administrator_sends_a_logo_and_tenants_see_it_without_its_metadata(client, administrator, landlord):
    client.force_login(administrator)
    upload = SimpleUploadedFile("photo from my phone.png", png_with_gps_metadata(), content_type="image/png")
    response = client.post(reverse("backoffice:landlord-logo"), {"logo": upload})
    assert response.status_code == 302
    landlord = Landlord.objects.get()
    assert landlord.logo.name.startswith("landlord/logo-") and "phone" not in landlord.logo.name
    assert AuditEvent.objects.filter(action="estates.landlord_logo_changed", actor=administrator).exists()
    client.logout()
    served = client.get(reverse("portal:landlord-logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert image.size == (300, 120)
    assert not image.getexif()
    assert 'class="site-header__logo"' in client.get(reverse("portal:login")).content.decode()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(client, administrator, landlord):
    client.force_login(administrator)
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png")
    response = client.post(reverse("backoffice:landlord-logo"), {"logo": upload})
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    assert not Landlord.objects.get().logo
    assert client.get(reverse("portal:landlord-logo")).status_code == 404


def test_an_agent_cannot_change_the_logo(client, agent, landlord):
    client.force_login(agent)
    upload = SimpleUploadedFile("logo.png", png_with_gps_metadata(), content_type="image/png")
    assert client.post(reverse("backoffice:landlord-logo"), {"logo": upload}).status_code == 404
    assert not Landlord.objects.get().logo


def test_the_activation_letter_carries_the_logo(client, administrator, landlord, agent, tenant_person, tmp_path):
    client.force_login(administrator)
    client.post(reverse("backoffice:landlord-logo"),
                {"logo": SimpleUploadedFile("l.png", png_with_gps_metadata(), content_type="image/png")})
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(activation_letter_pdf(acting=Acting(user=agent), person=tenant_person))
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any(line.split()[3:5] == ["300", "120"] for line in images.splitlines()[2:])
