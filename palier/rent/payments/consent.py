"""The tenant's express consent to receive rent receipts by email (loi 89-462 art. 21)."""

from django.db import transaction
from django.utils.translation import gettext as _

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from ..payment_models import ReceiptConsent


@transaction.atomic
def set_receipt_consent(*, acting: Acting, person, by_email: bool) -> ReceiptConsent:
    """Record the person's choice. Saying yes needs an email address on file."""
    if by_email and not person.email:
        raise DomainError(_("We have no email address for you. Add one in your details first."), field="by_email")
    consent, _created = ReceiptConsent.objects.update_or_create(person=person, defaults={"by_email": by_email})
    record(acting, "rent.receipt_consent_changed", target=person, subject_person_id=person.pk,
           data={"by_email": by_email})
    return consent
