"""Digital inclusion for the demo landlord: partners, workshops with sessions over the coming
weeks, a digital space with opening hours and bookings, a few self-assessments and some kiosk use,
all around the estate of the demo kiosk."""

import datetime as dt
import random
from contextlib import suppress

from django.utils import timezone

from palier.accounts.models import Role, User
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.estates.models import Kiosk
from palier.tenancies.models import Person, Tenancy

from . import services
from .models import KioskUse

PARTNERS = [
    ("Entraide Marolles", "association", "Rue Blaes 20, 1000 Bruxelles", "+32 2 555 77 00", "Mardi et jeudi, 9 h – 12 h",
     {"fr": "Aide gratuite pour les papiers, l'ordinateur et le smartphone. Sans rendez-vous.",
      "nl": "Gratis hulp bij papieren, de computer en de smartphone. Zonder afspraak.",
      "en": "Free help with paperwork, computers and smartphones. No appointment needed.",
      "de": "Kostenlose Hilfe bei Papieren, Computer und Smartphone. Ohne Termin."}),
    ("EPN – Espace public numérique", "digital_space", "Place du Jeu de Balle 1, 1000 Bruxelles", "+32 2 555 77 10",
     "Du lundi au vendredi, 10 h – 17 h",
     {"fr": "Ordinateurs en libre accès, imprimante, et un animateur pour vous aider.",
      "nl": "Vrij toegankelijke computers, een printer en een begeleider die u helpt.",
      "en": "Computers open to all, a printer, and a guide to help you.",
      "de": "Frei zugängliche Computer, ein Drucker und ein Betreuer, der Ihnen hilft."}),
    ("Service budget du CPAS", "budget", "Rue Haute 298, 1000 Bruxelles", "+32 2 555 77 20", "Sur rendez-vous",
     {"fr": "Faire un budget, éviter les dettes, trouver une solution quand on ne sait plus payer.",
      "nl": "Een budget maken, schulden vermijden, een oplossing vinden als u niet meer kunt betalen.",
      "en": "Make a budget, avoid debts, find a way out when you cannot pay any more.",
      "de": "Ein Budget machen, Schulden vermeiden, eine Lösung finden, wenn man nicht mehr zahlen kann."}),
]
WORKSHOPS = [
    ("internet", {"fr": ("Mes premiers pas sur internet", "Allumer l'ordinateur, chercher une information, se méfier des pièges."),
                  "nl": ("Mijn eerste stappen op het internet", "De computer aanzetten, informatie zoeken, valkuilen vermijden.")}),
    ("smartphone", {"fr": ("Bien utiliser son smartphone", "Appeler, envoyer un message, installer une application, faire une photo."),
                    "nl": ("Je smartphone goed gebruiken", "Bellen, een bericht sturen, een app installeren, een foto maken.")}),
    ("banking", {"fr": ("La banque en ligne sans risque", "Payer son loyer en ligne, reconnaître un faux message de la banque."),
                 "nl": ("Veilig online bankieren", "De huur online betalen, een vals bericht van de bank herkennen.")}),
    ("kiosk", {"fr": ("Utiliser la borne de la salle commune", "Se connecter, voir son loyer, demander une réparation, finir sa session."),
               "nl": ("De kiosk in de gemeenschapsruimte gebruiken", "Aanmelden, de huur bekijken, een herstelling vragen, afsluiten.")}),
]


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def seed_inclusion(*, seed: int = 42) -> int:
    """Returns how many sessions were planned (0 when there is no kiosk or inclusion officer)."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # fictional demo data
    kiosk = Kiosk.objects.select_related("estate__agency").order_by("pk").first()
    officer = User.objects.filter(role=Role.INCLUSION_OFFICER).order_by("pk").first()
    if kiosk is None or officer is None:
        return 0
    estate, agency = kiosk.estate, kiosk.estate.agency
    agency.staff.add(officer)
    acting = Acting(user=officer, channel=Channel.WEB)
    partners = [services.save_partner(acting=acting, agency=agency, name=name, kind=kind, offers=offers,
                                      address=address, phone=phone, hours=hours)
                for name, kind, address, phone, hours, offers in PARTNERS]
    sessions = []
    for index, (topic, texts) in enumerate(WORKSHOPS):
        workshop = services.save_workshop(
            acting=acting, agency=agency, topic=topic, partner=partners[0] if index % 2 == 0 else partners[1],
            texts={lang: {"title": title, "description": description} for lang, (title, description) in texts.items()})
        for week in range(3):
            start = _at(2 + index + 7 * week, 14 if index % 2 == 0 else 10)
            sessions.append(services.save_session(
                acting=acting, workshop=workshop, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                place=kiosk.common_area.name if kiosk.common_area else estate.name, capacity=rng.choice([6, 8, 10]),
                estate=estate, partner=workshop.partner, trainer="Marie Dupont", language="fr"))
    space = services.save_space(
        acting=acting, estate=estate, name=kiosk.common_area.name if kiosk.common_area else "Espace numérique",
        place=estate.name, equipment="2 ordinateurs, une imprimante, la borne", slot_minutes=60,
        hours=[(day, dt.time(9), dt.time(17)) for day in range(6)])
    tenants = list(Person.objects.filter(
        user__isnull=False, household__tenancies__in=Tenancy.objects.current().filter(
            dwelling__building__estate=estate)).select_related("user").distinct().order_by("pk")[:12])
    demo = Person.objects.filter(user__username="demo-tenant").select_related("user").first()
    if demo is not None and demo not in tenants:
        tenants.insert(0, demo)
    for i, person in enumerate(tenants):
        tenant_acting = Acting(user=person.user, channel=Channel.KIOSK if i % 2 else Channel.WEB)
        with suppress(DomainError):
            services.enrol(acting=tenant_acting, session=sessions[i % len(sessions)], person=person)
        if i < 3:
            with suppress(DomainError):  # a Sunday: the room is closed
                services.book_space(acting=tenant_acting, space=space, person=person, starts_at=_at(1 + i, 10 + i))
        services.record_self_assessment(
            acting=tenant_acting, person=person, internet_at_home=rng.random() < 0.6,
            devices={d for d in ("smartphone", "computer", "tablet") if rng.random() < 0.5},
            email=rng.choice(["yes", "a_little", "no"]), forms=rng.choice(["yes", "a_little", "no"]),
            banking=rng.choice(["yes", "a_little", "no"]), wants_help=rng.random() < 0.5)
    today = timezone.localdate()
    KioskUse.objects.bulk_create([
        KioskUse(kiosk=kiosk, day=today - dt.timedelta(days=d), service=service, count=rng.randint(low, high))
        for d in range(1, 21)
        for service, low, high in (("session", 2, 9), ("home", 5, 20), ("tenant-home", 2, 9), ("workshops", 1, 6),
                                   ("rent", 1, 7))
    ], ignore_conflicts=True)
    return len(sessions)
