"""The daily paper batch: every queued letter in one PDF for the print room.

The PDF starts with the list of what is in it (for the print room and for the record), then one
letter per page, each in its reader's language, with the address block placed for a window
envelope (DL/C5, window on the right: 100 mm from the left edge, 50 mm from the top).

The batch claims its letters with the same lease as the email and SMS worker: a run that dies
leaves them to the sweep, which puts them back for the next batch; a letter is in one batch only.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from palier.audit.services import record
from palier.core.acting import Acting
from palier.documents import render_pdf
from palier.estates.models import Landlord
from palier.tenancies.models import Person, Tenancy

from .models import Channel, Message, PaperBatch, State
from .services import NO_CLAIM, _claim

logger = logging.getLogger(__name__)

# One batch holds at most this many letters; a bigger day makes several batches.
MAX_LETTERS = 5000


def _addresses(person_ids) -> dict[int, dict]:
    """{person id: {"name", "lines"}} from the household's current tenancy, in two queries."""
    persons = Person.objects.filter(pk__in=person_ids).only("pk", "first_name", "last_name", "household_id")
    tenancies = {}
    for tenancy in (
        Tenancy.objects.current().filter(household_id__in={p.household_id for p in persons})
        .select_related("dwelling__entrance", "dwelling__building__estate").order_by("start_date")
    ):
        tenancies[tenancy.household_id] = tenancy
    found = {}
    for person in persons:
        tenancy = tenancies.get(person.household_id)
        lines = []
        if tenancy is not None:
            dwelling = tenancy.dwelling
            place = dwelling.entrance or dwelling.building
            estate = dwelling.building.estate
            lines = [f"{place.street} {place.number} bte {dwelling.unit}", f"{estate.postcode} {estate.city}"]
        found[person.pk] = {"name": person.full_name, "lines": lines, "tenancy": tenancy.number if tenancy else ""}
    return found


def print_daily_letters(*, acting: Acting, day=None) -> PaperBatch | None:
    """Put every queued letter in one PDF and mark them sent. Returns the batch, or None when no
    letter was waiting. A letter without a postal address (the person left) is failed, with the
    reason, for staff to look at."""
    day = day or timezone.localdate()
    token, letters = _claim(Message.objects.filter(channel=Channel.LETTER), MAX_LETTERS)
    if not letters:
        return None
    addresses = _addresses({m.person_id for m in letters if m.person_id})
    printable, unaddressed = [], []
    for message in letters:
        address = addresses.get(message.person_id)
        (printable if address and address["lines"] else unaddressed).append((message, address))
    now = timezone.now()
    Message.objects.filter(pk__in=[m.pk for m, _ in unaddressed], claim_token=token).update(
        state=State.FAILED, failed_at=now, claim_token=NO_CLAIM, last_error="No postal address for this person.")
    if not printable:
        return None
    landlord = Landlord.current()
    pdf = render_pdf("notifications/letters.html", {
        "letters": [{"message": m, "address": a} for m, a in printable], "landlord": landlord, "day": day,
    }, language="fr")
    with transaction.atomic():
        batch = PaperBatch.objects.create(day=day, letters=len(printable))
        batch.file.save(f"letters-{day:%Y-%m-%d}-{batch.pk}.pdf", ContentFile(pdf), save=True)
        Message.objects.filter(pk__in=[m.pk for m, _ in printable], claim_token=token, state=State.SENDING).update(
            state=State.SENT, sent_at=now, batch=batch, claim_token=NO_CLAIM)
        record(acting, "notifications.letters_printed", target=batch, data={"letters": len(printable)})
    logger.info("paper batch %s: %s letters", batch.pk, len(printable))
    return batch
