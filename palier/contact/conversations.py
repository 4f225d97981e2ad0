"""Conversations between a tenant and their agency.

A tenant (or a helper with the messages scope, or staff at the counter for them) writes; the
conversation lands in the housing officer's queue with an answer due within ANSWER_WORKING_DAYS
working days. Staff reply (the tenant is told on their channels) or add internal notes (never
shown to the tenant). Conversations left unanswered past their deadline raise an alert to the
officer (`alert_unanswered`, run every hour)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.notifications.services import notify, queue_message
from palier.tenancies.models import Person
from palier.tenancies.queries import current_tenancy_of

from .models import Attachment, Conversation, ConversationMessage, ConversationState, Topic
from .uploads import clean_uploads

ANSWER_WORKING_DAYS = 2
MAX_BODY = 5000
REPLY_SUBJECT = gettext_lazy("Your agency answered your message")
REPLY_BODY = gettext_lazy("%(name)s answered your message “%(subject)s”. Sign in to Palier or come to the "
                          "kiosk to read it.")
REPLY_LETTER = gettext_lazy("%(name)s answered your message “%(subject)s”:")


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """`start` moved `days` working days (Monday to Friday) later, at the same time of day."""
    moment = start
    while days > 0:
        moment += dt.timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your message."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("Your message is too long: %(count)s characters. Write at most %(max)s, or send "
                            "several messages.") % {"count": len(body), "max": MAX_BODY}, field="body")
    return body


def _label(acting: Acting) -> str:
    user = acting.user if acting.is_authenticated else None
    return (user.get_full_name() or user.get_username())[:200] if user else ""


def _add_message(*, acting: Acting, conversation: Conversation, body: str, files=(), from_staff=False,
                 internal=False) -> ConversationMessage:
    cleaned = clean_uploads(files)
    message = ConversationMessage.objects.create(
        conversation=conversation, author=acting.user if acting.is_authenticated else None,
        author_label=_label(acting), from_staff=from_staff, internal=internal, body=body, channel=acting.channel,
    )
    for clean in cleaned:
        Attachment.objects.create(message=message, file=clean.content, content_type=clean.content_type,
                                  size=clean.size, label=clean.label)
    return message


def _tell_officer(*, acting: Acting, conversation: Conversation, key: str) -> None:
    """An email to the housing officer: a new message waits in their queue."""
    officer = conversation.officer
    if officer is None or not officer.email:
        return
    language = officer.language or "fr"
    with translation.override(language):
        subject = _("New message from %(name)s: %(subject)s") % {
            "name": conversation.person.full_name, "subject": conversation.subject}
        body = _("Answer it by %(due)s in the back office.") % {
            "due": timezone.localtime(conversation.answer_due).strftime("%d/%m/%Y %H:%M")}
    queue_message(acting=acting, channel="email", to=officer.email, subject=subject, body=body, language=language,
                  user=officer, idempotency_key=key, topic=f"conversation:{conversation.pk}")


@transaction.atomic
def start_conversation(*, acting: Acting, person: Person, topic: str, subject: str = "", body: str,
                       files=()) -> Conversation:
    """The tenant writes to their agency. Raises DomainError for an empty or too long message, a
    file refused by the upload rules, or a person without a tenancy; nothing is written then."""
    body = _check_body(body)
    if topic not in Topic.values:
        raise DomainError(_("Choose what your message is about."), field="topic")
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise DomainError(_("We cannot find your home. Please call your agency."))
    subject = (subject or "").strip()[:120] or str(Topic(topic).label)
    now = timezone.now()
    conversation = Conversation.objects.create(
        tenancy=tenancy, person=person, agency=tenancy.dwelling.building.estate.agency,
        officer=tenancy.housing_officer, subject=subject, topic=topic, state=ConversationState.WAITING,
        answer_due=add_working_days(now, ANSWER_WORKING_DAYS), last_message_at=now,
    )
    message = _add_message(acting=acting, conversation=conversation, body=body, files=files)
    record(acting, "contact.conversation_started", target=conversation, subject_person_id=person.pk,
           data={"topic": topic, "files": message.attachments.count()})
    _tell_officer(acting=acting, conversation=conversation, key=f"conversation-{conversation.pk}-{message.pk}-officer")
    return conversation


@transaction.atomic
def write_again(*, acting: Acting, conversation: Conversation, body: str, files=()) -> ConversationMessage:
    """The tenant adds a message: the conversation waits for the agency again, with a new deadline."""
    body = _check_body(body)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.state == ConversationState.CLOSED:
        raise DomainError(_("This conversation is closed. Start a new message."))
    message = _add_message(acting=acting, conversation=conversation, body=body, files=files)
    now = timezone.now()
    conversation.state = ConversationState.WAITING
    if conversation.answer_due is None:
        conversation.answer_due = add_working_days(now, ANSWER_WORKING_DAYS)
    conversation.alerted_at = None
    conversation.last_message_at = now
    conversation.save(update_fields=["state", "answer_due", "alerted_at", "last_message_at"])
    record(acting, "contact.conversation_written", target=conversation, subject_person_id=conversation.person_id)
    _tell_officer(acting=acting, conversation=conversation, key=f"conversation-{conversation.pk}-{message.pk}-officer")
    return message


@transaction.atomic
def reply(*, acting: Acting, conversation: Conversation, body: str, internal: bool = False,
          files=()) -> ConversationMessage:
    """Staff answer (the tenant is told on their channels; a letter carries the answer itself) or
    write an internal note (nobody is told)."""
    body = _check_body(body)
    conversation = Conversation.objects.select_for_update().select_related("person").get(pk=conversation.pk)
    message = _add_message(acting=acting, conversation=conversation, body=body, files=files, from_staff=True,
                           internal=internal)
    if internal:
        record(acting, "contact.conversation_noted", target=conversation, subject_person_id=conversation.person_id)
        return message
    conversation.state = ConversationState.ANSWERED
    conversation.answer_due = None
    conversation.last_message_at = timezone.now()
    conversation.save(update_fields=["state", "answer_due", "last_message_at"])
    record(acting, "contact.conversation_answered", target=conversation, subject_person_id=conversation.person_id)
    person = conversation.person
    name = _label(acting) or _("Your agency")
    topic = f"conversation:{conversation.pk}"
    key = f"conversation-{conversation.pk}-{message.pk}"
    pairs = _channels(person)
    short = [(c, to) for c, to in pairs if c != "letter"]
    letters = [(c, to) for c, to in pairs if c == "letter"]
    if short:
        notify(acting=acting, person=person, key=key, topic=topic, channels=short,
               render=lambda: (REPLY_SUBJECT, REPLY_BODY % {"name": name, "subject": conversation.subject}))
    if letters:
        notify(acting=acting, person=person, key=key, topic=topic, channels=letters,
               render=lambda: (REPLY_SUBJECT, f"{REPLY_LETTER % {'name': name, 'subject': conversation.subject}}"
                                              f"\n\n{body}"))
    return message


def _channels(person):
    from palier.notifications.services import channels_for

    return channels_for(person)


@transaction.atomic
def close_conversation(*, acting: Acting, conversation: Conversation) -> None:
    if conversation.state == ConversationState.CLOSED:
        return
    Conversation.objects.filter(pk=conversation.pk).update(state=ConversationState.CLOSED, answer_due=None)
    conversation.state = ConversationState.CLOSED
    record(acting, "contact.conversation_closed", target=conversation, subject_person_id=conversation.person_id)


@transaction.atomic
def alert_unanswered(*, acting: Acting, now=None) -> int:
    """Tell each housing officer (by email) which of their conversations are past their answer
    deadline; each conversation raises one alert until the tenant writes again. Returns how many
    conversations were in the alerts."""
    now = now or timezone.now()
    late = list(
        Conversation.objects.select_for_update(of=("self",)).filter(
            state=ConversationState.WAITING, answer_due__lt=now, alerted_at__isnull=True
        ).select_related("officer", "person").order_by("officer_id", "answer_due")
    )
    by_officer = {}
    for conversation in late:
        by_officer.setdefault(conversation.officer, []).append(conversation)
    for officer, conversations in by_officer.items():
        if officer is None or not officer.email:
            continue
        with translation.override(officer.language or "fr"):
            subject = _("%(count)s messages from tenants wait for an answer") % {"count": len(conversations)}
            lines = [f"- {c.person.full_name}: {c.subject}" for c in conversations]
            body = _("These conversations are past their answer deadline:") + "\n" + "\n".join(lines)
        queue_message(acting=acting, channel="email", to=officer.email, subject=subject, body=body,
                      language=officer.language or "fr", user=officer,
                      idempotency_key=f"conversation-alert-{officer.pk}-{now:%Y%m%d%H%M}-{conversations[0].pk}")
    Conversation.objects.filter(pk__in=[c.pk for c in late]).update(alerted_at=now)
    if late:
        record(acting, "contact.conversations_alerted", data={"conversations": len(late)})
    return len(late)
