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
    the demo manager; each targeted household gets them through its chosen channels."""
    acting = Acting(user=manager)
    expires = timezone.now() + dt.timedelta(days=365)
    publish_announcement(acting=acting, texts=WORKSHOP, target=Target.ALL, expires_at=expires)
    kiosk = Kiosk.objects.select_related("estate").first()
    if kiosk is None:
        return 1
    publish_announcement(acting=acting, texts=LIFTS, target=Target.ESTATE, estate=kiosk.estate, expires_at=expires)
    return 2


def seed_contact() -> int:
    """What an officer finds on a normal morning: canned replies, a week of appointment times at
    every agency, works announced in the demo tenant's building, a message from the demo tenant
    waiting for an answer, and her call-back and appointment. Returns how many things were made."""
    from palier.accounts.models import Role
    from palier.estates.models import Agency
    from palier.tenancies.models import Person
    from palier.tenancies.queries import current_tenancy_of

    from .appointments import book_appointment, publish_slots
    from .canned import ensure_canned_replies
    from .conversations import reply, start_conversation
    from .models import AppointmentSlot, Kind
    from .services import callback_days, request_callback

    made = ensure_canned_replies()
    system = Acting.system()
    for agency in Agency.objects.all():
        for day in callback_days()[:5]:
            made += publish_slots(acting=system, agency=agency, kind="counter", day=day, first=dt.time(9),
                                  last=dt.time(12))
            made += publish_slots(acting=system, agency=agency, kind="phone", day=day, first=dt.time(14),
                                  last=dt.time(16))
    person = Person.objects.filter(user__username="demo-tenant").select_related("user").first()
    if person is None:
        return made
    tenancy = current_tenancy_of(person)
    agent = User.objects.filter(role=Role.AGENT, agencies=tenancy.dwelling.building.estate.agency).first()
    kiosk = Kiosk.objects.first()
    if agent is not None and (kiosk is None or kiosk.estate_id != tenancy.dwelling.building.estate_id):
        # Works in the demo tenant's building (kept off the kiosk's estate, whose news stay as they are).
        publish_announcement(acting=Acting(user=agent), target=Target.BUILDING, building=tenancy.dwelling.building,
                             kind=Kind.WORKS, expires_at=timezone.now() + dt.timedelta(days=10), texts=PAINTING)
        made += 1
    tenant = Acting(user=person.user, channel="web")
    conversation = start_conversation(acting=tenant, person=person, topic="repair",
                                      body="Bonjour, la fenêtre de la cuisine ne ferme plus bien. Pouvez-vous envoyer "
                                           "quelqu'un ?")
    if agent is not None:
        reply(acting=Acting(user=agent), conversation=conversation, internal=True,
              body="Vérifier si la fenêtre est sous garantie.")
    older = start_conversation(acting=tenant, person=person, topic="rent", body="Merci pour l'explication du décompte.")
    if agent is not None:
        reply(acting=Acting(user=agent), conversation=older, body="Avec plaisir. Bonne journée !")
    request_callback(acting=tenant, person=person, phone=person.phone or "0470 00 00 00", when="morning",
                     topic="rent", note="Question sur le décompte des charges")
    slot = AppointmentSlot.objects.filter(agency=tenancy.dwelling.building.estate.agency, kind="counter",
                                          starts_at__gt=timezone.now()).order_by("starts_at").first()
    if slot is not None:
        book_appointment(acting=tenant, person=person, slot=slot, topic="home")
    return made + 4


PAINTING = {
    "fr": ("Peinture de la cage d'escalier", "Les peintres travaillent dans la cage d'escalier pendant deux semaines. "
                                             "L'ascenseur reste en service."),
    "nl": ("Schilderwerken in de traphal", "De schilders werken twee weken in de traphal. De lift blijft werken."),
    "en": ("Painting the stairwell", "Painters work in the stairwell for two weeks. The lift keeps working."),
    "de": ("Anstrich des Treppenhauses", "Die Maler arbeiten zwei Wochen im Treppenhaus. Der Aufzug bleibt in Betrieb."),
}
