"""The certificate of attendance of a workshop session (a tagged PDF, in the person's language)."""

from django.utils import timezone

from palier.documents import render_pdf
from palier.estates.models import Landlord

from .models import Enrolment
from .queries import text_of


def certificate_context(*, enrolment: Enrolment, language: str) -> dict:
    """What the certificate says: the PDF and the kiosk's page to print draw the same body."""
    session = enrolment.session
    workshop = session.workshop
    return {
        "landlord": Landlord.current(), "agency": workshop.agency, "person": enrolment.person, "session": session,
        "title": text_of(workshop, "title", language), "topic": workshop.get_topic_display(),
        "today": timezone.localdate(),
    }


def certificate_pdf(*, enrolment: Enrolment, language: str) -> bytes:
    """Only for someone marked present (see queries.attended_enrolments). Takes a few hundred ms."""
    return render_pdf("inclusion/certificate.html", certificate_context(enrolment=enrolment, language=language),
                      language=language)
