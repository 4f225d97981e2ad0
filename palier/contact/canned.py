"""The canned replies every agency starts with, in the four languages. Idempotent: run after each
migration and by the demo seed; replies staff changed are left alone."""

from django.db import transaction

from .models import CannedReply

DEFAULTS = [
    {
        "title": "Demande bien reçue",
        "body_fr": "Bonjour,\n\nNous avons bien reçu votre message. Nous revenons vers vous dans les prochains jours.\n\nBien à vous,",
        "body_nl": "Goedendag,\n\nWij hebben uw bericht goed ontvangen. Wij nemen de komende dagen contact met u op.\n\nMet vriendelijke groet,",
        "body_en": "Hello,\n\nWe have received your message. We will get back to you in the coming days.\n\nKind regards,",
        "body_de": "Guten Tag,\n\nwir haben Ihre Nachricht erhalten. Wir melden uns in den nächsten Tagen bei Ihnen.\n\nMit freundlichen Grüßen",
    },
    {
        "title": "Technicien prévenu",
        "body_fr": "Bonjour,\n\nNous avons prévenu le technicien. Il vous appellera pour fixer un rendez-vous.\n\nBien à vous,",
        "body_nl": "Goedendag,\n\nWij hebben de technicus verwittigd. Hij belt u om een afspraak te maken.\n\nMet vriendelijke groet,",
        "body_en": "Hello,\n\nWe have told the technician. He will call you to set a time.\n\nKind regards,",
        "body_de": "Guten Tag,\n\nwir haben den Techniker informiert. Er ruft Sie an, um einen Termin zu vereinbaren.\n\nMit freundlichen Grüßen",
    },
    {
        "title": "Passez à l'agence",
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
        _reply, made = CannedReply.objects.get_or_create(agency=None, title=fields["title"], defaults=fields)
        created += made
    return created
