"""Canned replies: the ones every agency starts with, in the four languages, and the services
managers use to add, change, retire and offer again their own.

`ensure_canned_replies` is idempotent: run after each migration and by the demo seed; the
replies staff changed, renamed or retired are left alone (each shipped reply has a seed key)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.versioning import save_versioned

from .models import LANGUAGES, CannedReply

MAX_TITLE = 120
MAX_TEXT = 5000

DEFAULTS = [
    {
        "seed_key": "received",
        "title_fr": "Demande bien reçue",
        "title_nl": "Aanvraag goed ontvangen",
        "title_en": "Request received",
        "title_de": "Anfrage erhalten",
        "body_fr": "Bonjour,\n\nNous avons bien reçu votre message. Nous revenons vers vous dans les prochains jours.\n\nBien à vous,",
        "body_nl": "Goedendag,\n\nWij hebben uw bericht goed ontvangen. Wij nemen de komende dagen contact met u op.\n\nMet vriendelijke groet,",
        "body_en": "Hello,\n\nWe have received your message. We will get back to you in the coming days.\n\nKind regards,",
        "body_de": "Guten Tag,\n\nwir haben Ihre Nachricht erhalten. Wir melden uns in den nächsten Tagen bei Ihnen.\n\nMit freundlichen Grüßen",
    },
    {
        "seed_key": "technician-told",
        "title_fr": "Technicien prévenu",
        "title_nl": "Technicus verwittigd",
        "title_en": "Technician told",
        "title_de": "Techniker informiert",
        "body_fr": "Bonjour,\n\nNous avons prévenu le technicien. Il vous appellera pour fixer un rendez-vous.\n\nBien à vous,",
        "body_nl": "Goedendag,\n\nWij hebben de technicus verwittigd. Hij belt u om een afspraak te maken.\n\nMet vriendelijke groet,",
        "body_en": "Hello,\n\nWe have told the technician. He will call you to set a time.\n\nKind regards,",
        "body_de": "Guten Tag,\n\nwir haben den Techniker informiert. Er ruft Sie an, um einen Termin zu vereinbaren.\n\nMit freundlichen Grüßen",
    },
    {
        "seed_key": "come-to-the-agency",
        "title_fr": "Passez à l'agence",
        "title_nl": "Kom langs op het kantoor",
        "title_en": "Come to the agency",
        "title_de": "Kommen Sie in die Geschäftsstelle",
        "body_fr": "Bonjour,\n\nPour cette question, le plus simple est de passer à l'agence pendant les heures d'ouverture. Apportez votre dernier avis de loyer.\n\nBien à vous,",
        "body_nl": "Goedendag,\n\nVoor deze vraag komt u best langs op het kantoor tijdens de openingsuren. Breng uw laatste huurbericht mee.\n\nMet vriendelijke groet,",
        "body_en": "Hello,\n\nFor this question, it is easiest to come to the agency during opening hours. Bring your latest rent notice.\n\nKind regards,",
        "body_de": "Guten Tag,\n\nfür diese Frage kommen Sie am besten während der Öffnungszeiten in die Geschäftsstelle. Bringen Sie Ihre letzte Mietmitteilung mit.\n\nMit freundlichen Grüßen",
    },
]


@transaction.atomic
def ensure_canned_replies() -> int:
    created = 0
    for fields in DEFAULTS:
        values = {k: v for k, v in fields.items() if k != "seed_key"}
        _reply, made = CannedReply.objects.get_or_create(seed_key=fields["seed_key"], defaults=values)
        created += made
    return created


def _check(*, acting: Acting, texts: dict[str, tuple[str, str]], agency) -> dict[str, str]:
    """The model fields for `texts` ({language: (title, text)}), checked. Raises DomainError."""
    user = acting.user if acting.is_authenticated else None
    if user is None or user.role != Role.MANAGER:
        raise DomainError(_("Only a manager may change the ready-made answers."))
    if agency is not None and not user.agencies.filter(pk=agency.pk).exists():
        raise DomainError(_("This agency is not yours."), field="agency")
    fields = {}
    for language in LANGUAGES:
        title, body = (part.strip() for part in texts.get(language, ("", "")))
        if bool(title) != bool(body):
            raise DomainError(_("Write both a title and a text, or neither."), field=f"title_{language}")
        if len(title) > MAX_TITLE:
            raise DomainError(_("Keep the title under %(max)s characters.") % {"max": MAX_TITLE},
                              field=f"title_{language}")
        if len(body) > MAX_TEXT:
            raise DomainError(_("Keep the text under %(max)s characters.") % {"max": MAX_TEXT},
                              field=f"body_{language}")
        fields[f"title_{language}"], fields[f"body_{language}"] = title, body
    if not fields["title_fr"]:
        raise DomainError(_("Write the answer in French, at least."), field="title_fr")
    return fields


@transaction.atomic
def add_canned_reply(*, acting: Acting, texts: dict[str, tuple[str, str]], agency=None) -> CannedReply:
    """A manager adds a ready-made answer for one of their agencies, or for all (`agency` None).
    French is required; a language left empty falls back to French. Raises DomainError."""
    fields = _check(acting=acting, texts=texts, agency=agency)
    reply = CannedReply.objects.create(agency=agency, changed_at=timezone.now(), changed_by=acting.user, **fields)
    record(acting, "contact.canned_reply_added", target=reply,
           data={"agency": agency.pk if agency else None,
                 "languages": [code for code in LANGUAGES if fields[f"title_{code}"]]})
    return reply


@transaction.atomic
def change_canned_reply(*, acting: Acting, reply: CannedReply, expected_version: int,
                        texts: dict[str, tuple[str, str]], agency=None) -> CannedReply:
    """Change a ready-made answer. Raises StaleEdit when someone else saved it first, DomainError
    for a wrong value; nothing is written then."""
    fields = _check(acting=acting, texts=texts, agency=agency)
    changed = sorted(k for k, v in fields.items() if getattr(reply, k) != v)
    if reply.agency_id != (agency.pk if agency else None):
        changed.append("agency")
    for key, value in fields.items():
        setattr(reply, key, value)
    reply.agency = agency
    reply.changed_at, reply.changed_by = timezone.now(), acting.user
    save_versioned(reply, expected_version=expected_version,
                   fields=[*fields, "agency", "changed_at", "changed_by"])
    record(acting, "contact.canned_reply_changed", target=reply, data={"fields": changed})
    return reply


@transaction.atomic
def retire_canned_reply(*, acting: Acting, reply: CannedReply, expected_version: int,
                        retire: bool = True) -> CannedReply:
    """Stop offering a ready-made answer to staff (or offer it again). Answers already sent stay."""
    user = acting.user if acting.is_authenticated else None
    if user is None or user.role != Role.MANAGER:
        raise DomainError(_("Only a manager may change the ready-made answers."))
    reply.retired_at = timezone.now() if retire else None
    reply.changed_at, reply.changed_by = timezone.now(), user
    save_versioned(reply, expected_version=expected_version, fields=["retired_at", "changed_at", "changed_by"])
    record(acting, "contact.canned_reply_retired" if retire else "contact.canned_reply_restored", target=reply)
    return reply
