"""Telling people what happens to a repair: the household (through the ways the reporter chose),
everyone who said "me too", the housing officer when something needs them. Always through the
outbox, inside the caller's transaction."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import normalise_phone
from palier.core.acting import Acting
from palier.core.formats import format_date
from palier.notifications.services import queue_message

from .models import RepairRequest, Status

SUBJECT = gettext_lazy("Your repair %(reference)s")
STATUS_TEXT = {
    Status.RECEIVED: gettext_lazy("We received your repair request %(reference)s: %(problem)s. "
                                  "We will do it by %(deadline)s at the latest."),
    Status.PLANNED: gettext_lazy("Your repair %(reference)s is planned. %(when)s"),
    Status.IN_PROGRESS: gettext_lazy("Work on your repair %(reference)s has started."),
    Status.DONE: gettext_lazy("Your repair %(reference)s is done. Is it fixed? Tell us in Palier or call us."),
    Status.CLOSED: gettext_lazy("Your repair %(reference)s is closed. Thank you."),
    Status.CANCELLED: gettext_lazy("Your repair %(reference)s is cancelled."),
}
ON_THE_WAY = gettext_lazy("The technician is on the way for your repair %(reference)s.")
APPOINTMENT = gettext_lazy("Someone will come on %(date)s at %(time)s.")
REMINDER = gettext_lazy("Reminder: someone comes tomorrow, %(date)s at %(time)s, for your repair %(reference)s.")
MESSAGE = gettext_lazy("About your repair %(reference)s: %(text)s")
CHANNEL_OF = {"portal": "portal", "email": "email", "sms": "sms", "post": "letter", "letter": "letter"}


def people_to_inform(repair: RepairRequest):
    """The reporter and everyone who said "me too", once each."""
    from palier.tenancies.models import Person

    ids = set(repair.followers.values_list("person_id", flat=True))
    if repair.created_for_id:
        ids.add(repair.created_for_id)
    return list(Person.objects.filter(pk__in=ids).select_related("user").order_by("pk"))


def _channels_for(repair: RepairRequest, person) -> list[tuple[str, str]]:
    chosen = repair.keep_informed if person.pk == repair.created_for_id and repair.keep_informed else person.channels
    pairs = []
    for choice in chosen:
        channel = CHANNEL_OF.get(choice)
        if channel == "email" and person.email:
            pairs.append(("email", person.email))
        elif channel == "sms" and person.phone:
            pairs.append(("sms", normalise_phone(person.phone)))
        elif channel == "portal" and person.user_id:
            pairs.append(("portal", ""))
        elif channel == "letter":
            pairs.append(("letter", ""))
    return pairs or [("letter", "")]


def inform(*, acting: Acting, repair: RepairRequest, text, key: str, params: dict | None = None,
           only_sms_capable: bool = False) -> int:
    """Queue `text` (a lazy string with %(reference)s and `params`) to everyone to inform, each in
    their language. `key` makes a repeated call harmless. Returns how many messages were queued."""
    queued = 0
    for person in people_to_inform(repair):
        with translation.override(person.language):
            values = {"reference": repair.reference, "problem": str(repair.problem.label), **(params or {})}
            values = {k: (v(person) if callable(v) else v) for k, v in values.items()}
            body = str(text) % values
            subject = str(SUBJECT) % values
        for channel, to in _channels_for(repair, person):
            if only_sms_capable and channel != "sms":
                continue
            queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body,
                          language=person.language, user=person.user, person=person,
                          idempotency_key=f"repair-{repair.pk}-{key}-{person.pk}-{channel}")
            queued += 1
    return queued


def when_text(at):
    """A callable giving the appointment in the reader's language (called inside their override)."""
    from django.utils import timezone

    def text(person):
        local = timezone.localtime(at)
        return str(APPOINTMENT) % {"date": format_date(local.date()), "time": f"{local:%H:%M}"}

    return text


def date_text(day):
    """A callable giving `day` in the reader's language."""
    return lambda person: format_date(day)


def deadline_text(at):
    from django.utils import timezone

    def text(person):
        return format_date(timezone.localtime(at).date())

    return text


def alert_officer(*, acting: Acting, repair: RepairRequest, text: str, key: str) -> int:
    """An email (or a portal note) to the housing officer of the household, else to the agents of
    the agency."""
    officer = repair.tenancy.housing_officer if repair.tenancy_id else None
    recipients = [officer] if officer else list(repair.agency.staff.filter(role="agent", is_active=True)[:5])
    count = 0
    for user in recipients:
        with translation.override(user.language):
            subject = _("Repair %(reference)s needs you") % {"reference": repair.reference}
        channel, to = ("email", user.email) if user.email else ("portal", "")
        queue_message(acting=acting, channel=channel, to=to, subject=subject, body=text, language=user.language,
                      user=user, idempotency_key=f"repair-{repair.pk}-{key}-officer-{user.pk}")
        count += 1
    return count
