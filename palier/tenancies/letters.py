"""Paper letters about a tenancy, rendered as tagged PDFs in the person's language."""

import base64

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.documents import render_pdf
from palier.estates.models import Landlord

from .models import Person
from .queries import current_tenancy_of
from .services import Method, activation_url, issue_activation


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


@transaction.atomic
def activation_letter_pdf(*, acting: Acting, person: Person) -> bytes:
    """Issue a new letter activation code for `person` and return the letter to print (A4 PDF).

    Earlier codes of this person stop working, so print the letter you send, and send the
    letter you print. Raises DomainError when the person has no tenancy. Rendering takes a
    fraction of a second; the code and the audit event are rolled back if it fails."""
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise DomainError(_("This person has no tenancy: there is no tenancy number to print."))
    issued = issue_activation(acting=acting, person=person, method=Method.LETTER)
    url = activation_url(tenancy.number, issued.code)
    agency = tenancy.dwelling.building.estate.agency
    context = {
        "landlord": Landlord.current(),
        "agency": agency,
        "hours": list(agency.opening_hours.all()),
        "person": person,
        "address": tenancy.dwelling.address,
        "tenancy": tenancy,
        "today": timezone.localdate(),
        "code": issued.code,
        "expires_on": timezone.localdate(issued.expires_at),
        "activation_url": activation_url(),
        "qr_url": url,
        "qr": _qr_data_uri(url),
        "logo": _logo_data_uri(),
    }
    record(acting, "tenancies.activation_letter_printed", target=person.user, subject_person_id=person.pk,
           data={"tenancy": tenancy.number})
    return render_pdf("tenancies/activation_letter.html", context, language=person.language)


def _logo_data_uri() -> str:
    """The landlord's logo, embedded (the PDF renderer reads no file by itself)."""
    landlord = Landlord.current()
    if not landlord.logo:
        return ""
    try:
        with landlord.logo.open("rb") as handle:
            return "data:image/png;base64," + base64.b64encode(handle.read()).decode()
    except FileNotFoundError:
        return ""
