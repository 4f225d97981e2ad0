"""The certificate of attendance of a workshop session (a tagged PDF, in the person's language)."""

from django.utils import timezone

from palier.documents import render_pdf
from palier.estates.models import Landlord

from .models import Enrolment
from .queries import text_of


def certificate_pdf(*, enrolment: Enrolment, language: str) -> bytes:
    """Only for someone marked present (see queries.attended_enrolments). Takes a few hundred ms."""
    session = enrolment.session
    workshop = session.workshop
    agency = workshop.agency
    return render_pdf("inclusion/certificate.html", {
        "landlord": Landlord.current(), "agency": agency, "person": enrolment.person, "session": session,
        "title": text_of(workshop, "title", language), "topic": workshop.get_topic_display(),
        "today": timezone.localdate(),
    }, language=language)
