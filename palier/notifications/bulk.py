"""Set-based queuing: one message to many people in a handful of SQL statements.

An announcement to every household writes hundreds of thousands of outbox rows. Building a
Python object per person is what makes that slow, so here each channel is ONE
`INSERT INTO notifications_message (…) SELECT … FROM tenancies_person WHERE …`: the texts are
rendered once per language beforehand and chosen in SQL by the person's language (French when
the person's language has no text), the address comes from the person's row, and the
idempotency key (`<topic>-<person id>-<channel>`) makes a second run insert nothing
(`ON CONFLICT DO NOTHING`). The cost is a constant number of queries, whatever the number of
people, on PostgreSQL and SQLite alike.

Phone numbers are normalised in SQL the way `palier.accounts.identifiers.normalise_phone` does it
for the characters a phone number is typed with (digits, spaces, `+ . / ( ) -`); the rare number
holding anything else is normalised in Python.
"""

from collections.abc import Mapping

from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, F, IntegerField, Q, QuerySet, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Cast, Concat, Replace, Substr
from django.utils import timezone

from palier.accounts.identifiers import normalise_phone
from palier.core.acting import Acting

from .models import FALLBACK, Channel, Message, State
from .services import _enqueue_outbox_after_commit, logger

# Phone numbers made only of these characters, with at least one digit, are normalised in SQL.
PLAIN_PHONE = r"^[0-9+ ./()-]*[0-9][0-9+ ./()-]*$"

# The urgent rule (palier.contact.services.urgent_channels) as conditions on a person's row:
# email and SMS where the person chose them; a person reached by neither gets their inbox and
# paper, as chosen (paper whenever the inbox cannot reach them).
_BY_EMAIL = Q(by_email=True) & ~Q(email="")
_BY_SMS = Q(by_sms=True) & ~Q(phone="")
_FAST = _BY_EMAIL | _BY_SMS
_BY_PORTAL = Q(by_portal=True, user_id__isnull=False)
URGENT_RULES = {
    Channel.EMAIL: _BY_EMAIL,
    Channel.SMS: _BY_SMS,
    Channel.PORTAL: ~_FAST & _BY_PORTAL,
    Channel.LETTER: ~_FAST & (Q(by_post=True) | ~_BY_PORTAL),
}

# Every channel the person chose (inbox, email, SMS, paper); paper when none of them reaches them.
CHOSEN_RULES = {
    Channel.PORTAL: _BY_PORTAL,
    Channel.EMAIL: _BY_EMAIL,
    Channel.SMS: _BY_SMS,
    Channel.LETTER: Q(by_post=True) | ~(_FAST | _BY_PORTAL),
}

# The urgent rule, plus a letter for whoever chose paper even when email or SMS reaches them
# first (an urgent announcement: the fast message now, the letter they asked for as well).
URGENT_AND_PAPER_RULES = {**URGENT_RULES, Channel.LETTER: CHOSEN_RULES[Channel.LETTER]}

# Columns written by the INSERT … SELECT, in order (the others are NULL: not claimed, not sent…).
_COLUMNS = ("channel", "to", "subject", "body", "language", "state", "attempts", "last_error",
            "idempotency_key", "topic", "created_at", "claim_token", "sent_at", "user_id", "person_id")


def _by_language(values: Mapping[str, str], default_language: str = "fr"):
    """A CASE choosing `values[person.language]`, or the default language's value."""
    text = CharField()
    return Case(
        *[When(language=language, then=Value(value, output_field=text))
          for language, value in values.items() if language != default_language],
        default=Value(values[default_language], output_field=text), output_field=text,
    )


def _sql_phone():
    """normalise_phone in SQL, for PLAIN_PHONE numbers: drop the separators, then 00… → +…,
    0… → +32…"""
    digits = F("phone")
    for separator in (" ", ".", "/", "(", ")", "-"):
        digits = Replace(digits, Value(separator), Value(""))
    return Case(
        When(Q(phone_digits__startswith="00"), then=Concat(Value("+"), Substr("phone_digits", 3))),
        When(Q(phone_digits__startswith="0"), then=Concat(Value("+32"), Substr("phone_digits", 2))),
        default=F("phone_digits"), output_field=CharField(),
    ), digits


def _insert_select(persons: QuerySet, *, channel: str, to, subjects, bodies, languages, topic: str, key: str,
                   now) -> int:
    state = _initial_state(channel, now)
    rows = persons.order_by().annotate(
        m_channel=Value(channel, output_field=CharField()),
        m_to=to,
        m_subject=_by_language(subjects),
        m_body=_by_language(bodies),
        m_language=Case(When(language__in=list(languages), then=F("language")), default=Value("fr"),
                        output_field=CharField()),
        m_state=Value(state["state"], output_field=CharField()),
        m_attempts=Value(0, output_field=IntegerField()),
        m_last_error=Value("", output_field=CharField()),
        m_key=Concat(Value(f"{key}-"), Cast("pk", CharField()), Value(f"-{channel}"), output_field=CharField()),
        m_topic=Value(topic[:64], output_field=CharField()),
        m_created_at=Value(now, output_field=DateTimeField()),
        m_claim_token=Value("", output_field=CharField()),
        m_sent_at=Value(state["sent_at"], output_field=DateTimeField()),
        m_user_id=F("user_id"),
        m_person_id=F("pk"),
    ).values("m_channel", "m_to", "m_subject", "m_body", "m_language", "m_state", "m_attempts", "m_last_error",
             "m_key", "m_topic", "m_created_at", "m_claim_token", "m_sent_at", "m_user_id", "m_person_id")
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Message._meta.get_field(c).column) for c in _COLUMNS)
    # SQLite needs a WHERE in an INSERT … SELECT … ON CONFLICT; every query here has one.
    sql = (f"INSERT INTO {quote(Message._meta.db_table)} ({columns}) {select} "
           f"ON CONFLICT ({quote('idempotency_key')}) DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _initial_state(channel: str, now) -> dict:
    if channel == Channel.PORTAL:
        return {"state": State.DELIVERED, "sent_at": now}
    return {"state": State.QUEUED, "sent_at": None}


def queue_to_persons(
    *,
    acting: Acting,
    persons: QuerySet,
    texts: Mapping[str, Mapping[str, str]],
    topic: str,
    rules: Mapping[str, Q] = URGENT_RULES,
    key: str | None = None,
) -> int:
    """Queue one message to each person of `persons` on each channel whose rule (a condition on
    the person's row, see URGENT_RULES) they meet. `texts` maps a language to {"subject",
    "body", "sms"} and must hold French, the fallback. Idempotent: a person already sent this
    topic on a channel is skipped (`key`, the topic by default, starts the idempotency key: a
    reminder on the same topic gives its own key). One delivery task is enqueued after commit.
    Returns how many messages were written."""
    if "fr" not in texts:
        raise ValueError("The French text is required: it is the fallback.")
    now = timezone.now()
    subjects = {language: text["subject"][:200] for language, text in texts.items()}
    bodies = {language: text["body"] for language, text in texts.items()}
    sms_bodies = {language: text.get("sms") or text["body"] for language, text in texts.items()}
    key = key or topic
    common = {"subjects": subjects, "languages": texts.keys(), "topic": topic, "key": key, "now": now}
    written = 0
    with transaction.atomic():
        for channel, rule in rules.items():
            chosen = persons.filter(rule)
            if channel == Channel.EMAIL:
                written += _insert_select(chosen, channel=channel, to=F("email"), bodies=bodies, **common)
            elif channel == Channel.SMS:
                phone, digits = _sql_phone()
                plain = chosen.filter(phone__regex=PLAIN_PHONE).annotate(phone_digits=digits)
                written += _insert_select(plain, channel=channel, to=phone, bodies=sms_bodies, **common)
                written += _queue_odd_phones(chosen.exclude(phone__regex=PLAIN_PHONE), texts=texts, topic=topic,
                                             key=key, now=now)
            else:
                written += _insert_select(chosen, channel=channel, to=Value("", output_field=CharField()),
                                          bodies=bodies, **common)
        if written:
            _enqueue_outbox_after_commit()
    logger.info("%s messages about %s queued set-based by %s", written, topic, acting.channel)
    return written


def _queue_odd_phones(persons: QuerySet, *, texts, topic: str, key: str, now) -> int:
    """SMS to phone numbers SQL does not normalise (letters, tabs…): normalised in Python; a
    number with no digit at all gets a letter instead, as a failed SMS would."""
    messages = []
    for pk, phone, language, user_id in persons.order_by().values_list("pk", "phone", "language", "user_id"):
        language = language if language in texts else "fr"
        text = texts[language]
        to = normalise_phone(phone)
        channel = Channel.SMS if to.strip("+") else FALLBACK[Channel.SMS]
        messages.append(Message(
            channel=channel, to=to if channel == Channel.SMS else "", subject=text["subject"][:200],
            body=(text.get("sms") or text["body"]) if channel == Channel.SMS else text["body"], language=language,
            person_id=pk, user_id=user_id, topic=topic[:64], idempotency_key=f"{key}-{pk}-{channel}",
            created_at=now, **_initial_state(channel, now)))
    if not messages:
        return 0
    return len(Message.objects.bulk_create(messages, ignore_conflicts=True))
