"""Telling people what happens to a repair: the household (through the ways the reporter chose),
everyone who said "me too", the housing officer when something needs them, the contractor sent a
work order and the technician given a request. Always through the outbox, inside the caller's
transaction."""


from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.identifiers import is_mobile_phone, normalise_phone
from palier.core.acting import Acting
from palier.core.formats import format_date
from palier.notifications.services import queue_message

from .models import AccessSlot, RepairRequest, Status

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
MERGED = gettext_lazy("Your request %(reference)s was joined with request %(kept)s, which we are already "
                      "handling. We will keep you informed about %(kept)s.")
RECLASSIFIED = gettext_lazy("We updated your repair %(reference)s: %(problem)s. We will do it by %(deadline)s "
                            "at the latest.")
ASSIGNED = gettext_lazy("Your repair %(reference)s is handled by %(who)s. We will do it by %(deadline)s at the "
                        "latest.")
OUR_TECHNICIAN = gettext_lazy("our technician %(name)s")
OUR_TEAM = gettext_lazy("our team %(name)s")
SENT_TO_FIRM = gettext_lazy("Your repair %(reference)s is planned. We asked the firm %(firm)s to do the work.")
# A letter that must stand in for the day-before reminder (the household reads only paper).
PLANNED_LETTER = gettext_lazy("Your repair %(reference)s is planned. %(when)s Please keep this letter: it is "
                              "your reminder. Someone must be home to let us in.")
# A letter takes a few days to arrive: sent sooner than this before the visit, it comes too late.
LETTER_NOTICE_DAYS = 3
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


def reminder_channels(repair: RepairRequest, person) -> list[tuple[str, str]]:
    """What reaches `person` by the day before a visit, among the ways they chose: a text when the
    number is a mobile, an email, their inbox. A text chosen for a fixed line becomes an email, else
    an inbox message. Never a letter: it would come too late. Empty for someone who reads only
    paper (they get their reminder in the letter that announces the visit)."""
    chosen = _channels_for(repair, person)
    pairs = [(c, to) for c, to in chosen if c in ("email", "portal") or (c == "sms" and is_mobile_phone(to))]
    if not pairs and any(c == "sms" for c, _to in chosen):
        if person.email:
            pairs.append(("email", person.email))
        elif person.user_id:
            pairs.append(("portal", ""))
    return pairs


def inform(*, acting: Acting, repair: RepairRequest, text, key: str, params: dict | None = None,
           channels=None, letter_text=None) -> int:
    """Queue `text` (a lazy string with %(reference)s and `params`) to everyone to inform, each in
    their language. `channels(repair, person)` chooses the ways (default: those they chose);
    `letter_text(person)` may give other words for a letter (None keeps `text`). `key` makes a
    repeated call harmless. Returns how many messages were queued."""
    queued = 0
    for person in people_to_inform(repair):
        pairs = channels(repair, person) if channels is not None else _channels_for(repair, person)
        if not pairs:
            continue
        on_paper = letter_text(person) if letter_text is not None else None
        with translation.override(person.language):
            values = {"reference": repair.reference, "problem": str(repair.problem.label), **(params or {})}
            values = {k: (v(person) if callable(v) else v) for k, v in values.items()}
            body = str(text) % values
            letter = str(on_paper) % values if on_paper is not None else body
            subject = str(SUBJECT) % values
        for channel, to in pairs:
            queue_message(acting=acting, channel=channel, to=to, subject=subject,
                          body=letter if channel == "letter" else body,
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


def announce_visit(*, acting: Acting, repair: RepairRequest, at, key: str) -> int:
    """Tell everyone to inform that a visit is booked. Someone the day-before reminder cannot
    reach (they read only paper) gets their reminder in this letter when it can arrive in time
    (the visit is LETTER_NOTICE_DAYS days away or more); sooner, the officer is asked to call them."""
    early = (timezone.localtime(at).date() - timezone.localdate()).days >= LETTER_NOTICE_DAYS

    def letter_text(person):
        return PLANNED_LETTER if early and not reminder_channels(repair, person) else None

    queued = inform(acting=acting, repair=repair, text=STATUS_TEXT[Status.PLANNED], key=key,
                    params={"when": when_text(at)}, letter_text=letter_text)
    if not early and any(not reminder_channels(repair, p) for p in people_to_inform(repair)):
        local = timezone.localtime(at)
        alert_officer(acting=acting, repair=repair, key=f"{key}-call", text=_(
            "The visit for repair %(reference)s is on %(date)s at %(time)s. The household reads only letters and "
            "a letter would come too late: call them to remind them.") % {
            "reference": repair.reference, "date": format_date(local.date()), "time": f"{local:%H:%M}"})
    return queued


def assigned_to_text(assignee, team):
    """Who handles the request, in the reader's language (for ASSIGNED)."""
    def text(person):
        if assignee is not None:
            return str(OUR_TECHNICIAN) % {"name": assignee.get_full_name() or assignee.username}
        return str(OUR_TEAM) % {"name": team.name}

    return text


def address_of(repair: RepairRequest) -> str:
    return repair.tenancy.dwelling.address if repair.tenancy_id else repair.building.address


def tell_technician(*, acting: Acting, repair: RepairRequest, user) -> None:
    """An email (or a portal note) to the technician a request was just given to."""
    with translation.override(user.language):
        subject = _("Repair %(reference)s is yours") % {"reference": repair.reference}
        body = _("Repair %(reference)s is assigned to you: %(problem)s, %(address)s. To do by %(deadline)s.") % {
            "reference": repair.reference, "problem": repair.problem.label, "address": address_of(repair),
            "deadline": format_date(timezone.localtime(repair.deadline).date())}
    channel, to = ("email", user.email) if user.email else ("portal", "")
    queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body, language=user.language,
                  user=user, idempotency_key=f"repair-{repair.pk}-assigned-{repair.version}-tech-{user.pk}")


WORK_ORDER_SUBJECT = gettext_lazy("New work order %(reference)s")
WORK_ORDER_BODY = gettext_lazy(
    "We ask you to do this work.\n\n"
    "Reference: %(reference)s\n"
    "Address: %(address)s\n"
    "Work to do: %(scope)s\n"
    "To do by: %(deadline)s\n"
    "When someone may come in: %(slots)s\n"
    "Access notes: %(notes)s\n"
    "Tenant: %(tenant)s\n\n"
    "Please agree on a visit with the tenant, then confirm it in Palier: %(link)s")


def tell_contractor(*, acting: Acting, order) -> int:
    """The work order, by email to the firm's address, else to each of its users (email, or their
    Palier inbox). It carries only what the work order shows: address, work, deadline, access,
    and the tenant's name and phone copied on the order. Returns how many messages were queued."""
    contractor = order.contractor
    if contractor.email:
        recipients = [(None, "email", contractor.email, settings.LANGUAGE_CODE)]
    else:
        recipients = [(user, "email" if user.email else "portal", user.email, user.language)
                      for user in contractor.users.filter(is_active=True).order_by("pk")]
    link = settings.PALIER_BASE_URL.rstrip("/") + reverse("works:order", args=[order.pk])
    for user, channel, to, language in recipients:
        with translation.override(language):
            slots = ", ".join(str(AccessSlot(s).label) for s in order.access_slots if s in AccessSlot.values)
            tenant = ", ".join(x for x in (order.tenant_name, order.tenant_phone) if x)
            values = {
                "reference": order.request.reference, "address": order.address, "scope": order.scope,
                "deadline": format_date(timezone.localtime(order.deadline).date()), "slots": slots or "-",
                "notes": order.access_notes or "-", "tenant": tenant or "-", "link": link,
            }
            subject, body = str(WORK_ORDER_SUBJECT) % values, str(WORK_ORDER_BODY) % values
        queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body, language=language,
                      user=user, idempotency_key=f"work-order-{order.pk}-{getattr(user, 'pk', 'firm')}",
                      topic=f"work_order:{order.pk}")
    return len(recipients)
