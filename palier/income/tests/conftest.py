import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from palier.core.acting import Acting
from palier.income import services

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% Amina's pay slip, net 1 234,56 EUR\n%%EOF\n"


def pdf_upload(content: bytes = PDF, name="fiche de paie.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_upload(size=(40, 30), *, exif=None, name="photo.jpg"):
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    image.save(out, format="JPEG", **({"exif": exif} if exif is not None else {}))
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def campaign(agent, agency, tenancy, tenant_person, cotenant_person, neighbour_tenancy):
    agency.staff.add(agent)
    return services.open_campaign(acting=Acting(user=agent), year=timezone.localdate().year + 1,
                                  deadline=timezone.localdate() + dt.timedelta(days=30), agency=agency)


@pytest.fixture
def aminas_request(campaign, tenancy):
    return campaign.requests.get(household=tenancy.household)


@pytest.fixture
def far_request(other_agent, other_agency):
    """A household of Agence Schaerbeek, asked by that agency's own campaign."""
    from palier import testing as t

    building = t.building(t.estate(other_agency, name="Cité des Acacias"), name="Bloc C", street="Rue des Acacias")
    _, tenancy = t.household_with_tenancy(t.dwelling(building, unit="2C"), name="Janssens", officer=other_agent,
                                          number="2609999")
    t.person(tenancy.household, "Els", "Janssens", language="nl")
    found = services.open_campaign(acting=Acting(user=other_agent), year=timezone.localdate().year + 1,
                                   deadline=timezone.localdate() + dt.timedelta(days=30), agency=other_agency)
    return found.requests.get(household=tenancy.household)
