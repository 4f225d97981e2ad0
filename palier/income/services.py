"""Every change of the rent revision: open a campaign, remind, hand in documents, check them,
record the rent decision (which deletes the documents)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.bulk import CHOSEN_RULES, queue_to_persons
from palier.notifications.services import notify
from palier.tenancies.models import Household, HouseholdRole, Person, Tenancy

from . import files
from .models import OPEN_STATUSES, Campaign, IncomeDocument, IncomeRequest, Status

MAX_DOCUMENTS = 10
LANGUAGES = ("fr", "nl", "en", "de")
ADULTS = (HouseholdRole.TENANT, HouseholdRole.COTENANT)

ASK_SUBJECT = gettext_lazy("Your rent for %(year)s: please send your income documents")
ASK_BODY = gettext_lazy(
    "Each year we check the rent of every home. For this, we need your income documents. "
    "Please send them before %(deadline)s. You can send them in Palier, at the kiosk or at our office. "
    "A person you trust can send them for you. If you have a question, call us.")
REMIND_SUBJECT = gettext_lazy("Reminder: we still need your income documents")
REMIND_BODY = gettext_lazy(
    "We have not received your income documents yet. Please send them before %(deadline)s. "
    "You can send them in Palier, at the kiosk or at our office. If you need help, call us.")
AGAIN_SUBJECT = gettext_lazy("We need other income documents")
AGAIN_BODY = gettext_lazy("We checked your income documents. Something is missing: %(reason)s "
                          "Please send it in Palier, at the kiosk or at our office.")


def _is_rent_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.role in (Role.AGENT, Role.MANAGER)


def households_of(agency) -> object:
    """Households with a current tenancy, in `agency` (or everywhere when None)."""
    tenancies = Tenancy.objects.current()
    if agency is not None:
        tenancies = tenancies.filter(dwelling__building__estate__agency=agency)
    return Household.objects.filter(pk__in=tenancies.values("household_id"))


def _texts(subject, body, **values) -> dict[str, dict[str, str]]:
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            shown = {k: formats.date_format(v, "DATE_FORMAT") if isinstance(v, dt.date) else v
                     for k, v in values.items()}
            texts[language] = {"subject": str(subject) % shown, "body": str(body) % shown}
    return texts


def _queue(acting: Acting, requests, *, texts, key: str, topic: str) -> int:
    """Queue the message to the adults of the households of `requests` (a queryset), on every
    channel each chose, set-based: a constant number of statements whatever the number of people."""
    persons = Person.objects.filter(household_id__in=requests.values("household_id"), household_role__in=ADULTS)
    return queue_to_persons(acting=acting, persons=persons, rules=CHOSEN_RULES, key=key, topic=topic,
                            texts={language: {**text, "sms": text["body"]} for language, text in texts.items()})


@transaction.atomic
def open_campaign(*, acting: Acting, year: int, deadline: dt.date, agency=None) -> Campaign:
    """Ask every household of `agency` (or, for a manager, of the whole landlord) for its income
    documents for `year`. The households' requests and the messages are each written by
    INSERT … SELECT, in the same transaction: a constant number of statements. Raises
    DomainError when the actor may not, or a campaign of that year already covers these
    households."""
    user = acting.user
    if not _is_rent_staff(user):
        raise DomainError(_("Only rent staff can open a rent revision."))
    if agency is None and user.role != Role.MANAGER:
        raise DomainError(_("Choose your agency."), field="agency")
    if agency is not None and not agency.staff.filter(pk=user.pk).exists():
        raise DomainError(_("Choose your agency."), field="agency")
    if deadline <= timezone.localdate():
        raise DomainError(_("The deadline must be in the future."), field="deadline")
    same_year = Campaign.objects.filter(year=year)
    overlapping = same_year if agency is None else same_year.filter(Q(agency__isnull=True) | Q(agency=agency))
    if overlapping.exists():
        raise DomainError(_("A rent revision for this year already covers these households."), field="year")
    now = timezone.now()
    campaign = Campaign.objects.create(year=year, agency=agency, deadline=deadline, opened_by=user)
    households = households_of(agency).annotate(hid=F("pk")).values("hid")
    sql, params = households.query.sql_with_params()
    qn = connection.ops.quote_name
    table = qn(IncomeRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({qn('campaign_id')}, {qn('household_id')}, {qn('status')}, {qn('asked_at')}, "  # noqa: S608  # nosec B608 - quoted model names, values bound
            f"{qn('reason')}) SELECT %s, h.{qn('hid')}, %s, %s, %s FROM ({sql}) h",
            [campaign.pk, Status.ASKED, now, "", *params])
        asked = cursor.rowcount
    requests = IncomeRequest.objects.filter(campaign=campaign)
    texts = _texts(ASK_SUBJECT, ASK_BODY, year=year, deadline=deadline)
    queued = _queue(acting, requests, texts=texts, key=f"income-{campaign.pk}", topic=f"income:{campaign.pk}")
    Campaign.objects.filter(pk=campaign.pk).update(households=asked, messages=queued)
    campaign.households, campaign.messages = asked, queued
    record(acting, "income.campaign_opened", target=campaign,
           data={"year": year, "agency": agency.pk if agency else None, "households": asked, "messages": queued})
    return campaign


@transaction.atomic
def send_reminders(*, acting: Acting, campaign: Campaign) -> int:
    """Remind the households that have not handed in (or were asked again). Once a day at most:
    a second click the same day queues nothing new. Returns how many messages were offered."""
    if not _is_rent_staff(acting.user):
        raise DomainError(_("Only rent staff can send reminders."))
    today = timezone.localdate()
    waiting = IncomeRequest.objects.filter(campaign=campaign, status__in=OPEN_STATUSES)
    texts = _texts(REMIND_SUBJECT, REMIND_BODY, deadline=campaign.deadline)
    queued = _queue(acting, waiting, texts=texts, key=f"income-{campaign.pk}-r{today:%Y%m%d}",
                    topic=f"income:{campaign.pk}")
    now = timezone.now()
    households = waiting.update(reminded_at=now)
    Campaign.objects.filter(pk=campaign.pk).update(last_reminder_at=now)
    record(acting, "income.reminder_sent", target=campaign, data={"households": households, "messages": queued})
    return queued


# --- the household's side ------------------------------------------------------------------------


def add_document(*, acting: Acting, request: IncomeRequest, upload) -> IncomeDocument:
    """Check, encrypt and keep one file for `request`. A household adds files while the request
    is open; staff may add a scanned paper copy until the decision. Raises DomainError."""
    staff = _is_rent_staff(acting.user)
    if request.status == Status.DECIDED or (not staff and not request.is_open):
        raise DomainError(_("Your documents are being checked. You cannot add more now."), field="document")
    if request.documents.count() >= MAX_DOCUMENTS:
        raise DomainError(_("You can send up to %(count)s files.") % {"count": MAX_DOCUMENTS}, field="document")
    data, content_type, name = files.check_upload(upload)
    stored = files.store(data)
    try:
        with transaction.atomic():
            document = IncomeDocument.objects.create(
                request=request, file=stored, name=name, content_type=content_type, size=len(data),
                uploaded_by=acting.user if acting.is_authenticated else None, channel=acting.channel)
            record(acting, "income.document_added", target=request,
                   data={"document": document.pk, "channel": acting.channel, "type": content_type})
    except Exception:
        files.delete(stored)
        raise
    return document


@transaction.atomic
def remove_document(*, acting: Acting, document: IncomeDocument) -> None:
    request = document.request
    if not request.is_open and not _is_rent_staff(acting.user):
        raise DomainError(_("Your documents are being checked. You cannot remove them now."))
    name = document.file
    document.delete()
    record(acting, "income.document_removed", target=request, data={"document": document.pk})
    transaction.on_commit(lambda: files.delete(name))


@transaction.atomic
def hand_in(*, acting: Acting, request: IncomeRequest) -> None:
    """The household says it has sent everything: staff can check."""
    if not request.is_open:
        raise DomainError(_("Your documents are already with us."))
    if not request.documents.exists():
        raise DomainError(_("Add at least one document first."))
    request.status, request.handed_in_at = Status.HANDED_IN, timezone.now()
    request.save(update_fields=["status", "handed_in_at"])
    record(acting, "income.documents_submitted", target=request, data={"channel": acting.channel})


# --- the staff's side ----------------------------------------------------------------------------


@transaction.atomic
def accept_documents(*, acting: Acting, request: IncomeRequest) -> None:
    if request.status == Status.DECIDED or not request.documents.exists():
        raise DomainError(_("There is no document to accept."))
    request.status, request.reason = Status.ACCEPTED, ""
    request.reviewed_by, request.reviewed_at = acting.user, timezone.now()
    request.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    record(acting, "income.documents_accepted", target=request)


@transaction.atomic
def ask_again(*, acting: Acting, request: IncomeRequest, reason: str) -> None:
    """Tell the household what is missing (on each adult's channels); it can send files again."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say what is missing, in a few words."), field="reason")
    if request.status == Status.DECIDED:
        raise DomainError(_("The rent is already decided."))
    request.status, request.reason = Status.ASKED_AGAIN, reason[:500]
    request.reviewed_by, request.reviewed_at = acting.user, timezone.now()
    request.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    stamp = f"{request.reviewed_at:%Y%m%d%H%M%S}"
    for person in Person.objects.filter(household_id=request.household_id, household_role__in=ADULTS):
        notify(acting=acting, person=person, key=f"income-again-{request.pk}-{person.pk}-{stamp}",
               topic=f"income:{request.campaign_id}",
               render=lambda: (AGAIN_SUBJECT, AGAIN_BODY % {"reason": request.reason}))
    record(acting, "income.documents_asked_again", target=request, data={"reason": request.reason})


def _delete_documents(documents) -> int:
    """Delete rows now and their files once the transaction has committed."""
    names = list(documents.values_list("file", flat=True))
    count, _by_model = documents.delete()
    transaction.on_commit(lambda: [files.delete(name) for name in names])
    return len(names)


@transaction.atomic
def record_decision(*, acting: Acting, request: IncomeRequest, decided_on: dt.date) -> int:
    """The rent decision for this household and year is final: its income documents are deleted
    (files and rows); the request stays with the decision's date. Returns how many were deleted."""
    if request.status == Status.DECIDED:
        raise DomainError(_("The rent is already decided."))
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    request.status, request.decided_on, request.decided_by = Status.DECIDED, decided_on, acting.user
    request.save(update_fields=["status", "decided_on", "decided_by"])
    deleted = _delete_documents(IncomeDocument.objects.filter(request=request))
    record(acting, "income.decision_recorded", target=request,
           data={"decided_on": decided_on.isoformat(), "documents_deleted": deleted})
    return deleted
