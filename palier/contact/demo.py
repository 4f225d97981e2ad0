"""Announcements for the demo landlord: what a tenant and a kiosk show on a normal day."""

import datetime as dt

from django.utils import timezone

from palier.accounts.models import User
from palier.core.acting import Acting
from palier.estates.models import Kiosk

from .models import Target
from .services import publish_announcement

LIFTS = {
    "fr": ("Entretien des ascenseurs", "Les ascenseurs sont contrôlés mardi matin. Ils peuvent être arrêtés une heure."),
    "nl": ("Onderhoud van de liften", "De liften worden dinsdagochtend gecontroleerd. Ze kunnen een uur stilstaan."),
    "en": ("Lift maintenance", "The lifts are checked on Tuesday morning. They may be stopped for one hour."),
    "de": ("Wartung der Aufzüge", "Die Aufzüge werden am Dienstagmorgen geprüft. Sie können eine Stunde stillstehen."),
}
WORKSHOP = {
    "fr": ("Atelier numérique gratuit", "Chaque jeudi à 14 h, apprenez à utiliser la borne et le site. Sans inscription."),
    "nl": ("Gratis digitale workshop", "Elke donderdag om 14 uur leert u de kiosk en de website gebruiken. Zonder inschrijving."),
    "en": ("Free digital workshop", "Every Thursday at 2 pm, learn to use the kiosk and the website. No need to book."),
    "de": ("Kostenloser Digital-Workshop", "Jeden Donnerstag um 14 Uhr lernen Sie den Kiosk und die Website kennen. Ohne Anmeldung."),
}


def seed_announcements(manager: User) -> int:
    """One announcement for every tenant and one for the estate of the demo kiosk, published by
    the demo manager; neither is urgent, so no message is sent."""
    acting = Acting(user=manager)
    expires = timezone.now() + dt.timedelta(days=365)
    publish_announcement(acting=acting, texts=WORKSHOP, target=Target.ALL, expires_at=expires)
    kiosk = Kiosk.objects.select_related("estate").first()
    if kiosk is None:
        return 1
    publish_announcement(acting=acting, texts=LIFTS, target=Target.ESTATE, estate=kiosk.estate, expires_at=expires)
    return 2
