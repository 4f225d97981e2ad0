"""Builders for tests: a partner, a workshop with sessions, a digital space, made from the named
people of the root conftest (`w` is the grid's or the browser tests' `world`). `things(w)` builds
them once per test and keeps them on `w`."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from palier.core.acting import Acting

from . import services


def next_weekday(weekday: int, hour: int, *, weeks: int = 0) -> dt.datetime:
    """The next `weekday` (0 = Monday) at `hour`, at least one day away, in local time."""
    today = timezone.localdate()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + dt.timedelta(days=days + 7 * weeks)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def partner(agency, staff, name="Entraide Marolles"):
    return services.save_partner(
        acting=Acting(user=staff), agency=agency, name=name, kind="association",
        offers={"fr": "Aide pour les papiers et l'ordinateur, sans rendez-vous.",
                "nl": "Hulp bij papieren en de computer, zonder afspraak."},
        address="Rue Blaes 20, 1000 Bruxelles", phone="+32 2 555 77 00", hours="Mardi et jeudi, 9 h – 12 h",
    )


def workshop(agency, staff, *, topic="email", title="Envoyer un e-mail", partner=None):
    return services.save_workshop(
        acting=Acting(user=staff), agency=agency, topic=topic, partner=partner,
        texts={"fr": {"title": title, "description": "Créer une adresse, écrire et lire ses e-mails."},
               "nl": {"title": "Een e-mail sturen", "description": "Een adres maken, e-mails schrijven en lezen."}},
    )


def session(workshop, staff, *, estate=None, starts_at=None, capacity=8, place="Salle commune, Bloc A"):
    starts_at = starts_at or next_weekday(1, 14)
    return services.save_session(
        acting=Acting(user=staff), workshop=workshop, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2),
        place=place, capacity=capacity, estate=estate, trainer="Marie Dupont",
    )


def space(estate, staff, *, name="Espace numérique"):
    return services.save_space(
        acting=Acting(user=staff), estate=estate, name=name, place="Rez-de-chaussée du Bloc A",
        equipment="2 ordinateurs, une imprimante", slot_minutes=60,
        hours=[(day, dt.time(9), dt.time(17)) for day in range(7)],
    )


def things(w) -> SimpleNamespace:
    """Amina's agency offers a workshop session in her estate, a partner and a digital space;
    Amina has a place in the session and a booked slot. The Schaerbeek agency (far) has its own."""
    if w.__dict__.get("_inclusion") is not None:  # LazyWorld would look "_inclusion" up as a fixture
        return w._inclusion
    from palier import testing as t
    from palier.accounts.models import Role

    officer = w.inclusion_officer
    # Schaerbeek's offer, in an estate of its own, built by its own inclusion officer for its tenant.
    far_officer = t.staff(Role.INCLUSION_OFFICER, "far-officer", "Lotte", "Maes", agencies=[w.other_agency])
    far_estate = t.estate(w.other_agency, name="Cité des Peupliers")
    household, _far_tenancy = t.household_with_tenancy(
        t.dwelling(t.building(far_estate, name="Bloc P", street="Rue des Peupliers", number="4")), name="Wouters")
    far_person = t.person(household, "Lieve", "Wouters", language="nl")
    p = partner(w.agency, officer)
    ws = workshop(w.agency, officer, partner=p)
    s = session(ws, officer, estate=w.estate)
    sp = space(w.estate, officer)
    far_p = partner(w.other_agency, far_officer, name="Maison de l'emploi")
    far_ws = workshop(w.other_agency, far_officer, topic="jobs", title="Faire son CV")
    far_s = session(far_ws, far_officer, estate=far_estate, place="Salle Peupliers")
    far_sp = space(far_estate, far_officer, name="Salle informatique Peupliers")
    enrolment = services.enrol(acting=Acting(user=w.tenant), session=s, person=w.tenant_person)
    booking = services.book_space(acting=Acting(user=w.tenant), space=sp, person=w.tenant_person,
                                  starts_at=next_weekday(2, 10))
    far_booking = services.book_space(acting=Acting(user=far_person.user), space=far_sp, person=far_person,
                                      starts_at=next_weekday(2, 10))
    # A session last month, at which Amina was present (sessions are planned in the future, so it
    # is written directly).
    from .models import Enrolment, WorkshopSession

    past_start = timezone.now() - dt.timedelta(days=30)
    past = WorkshopSession.objects.create(workshop=ws, estate=w.estate, place="Salle commune", starts_at=past_start,
                                          ends_at=past_start + dt.timedelta(hours=2), capacity=8)
    attended = Enrolment.objects.create(session=past, person=w.tenant_person, state="enrolled", attendance="present")
    far_past = WorkshopSession.objects.create(workshop=far_ws, place="Salle Peupliers", starts_at=past_start,
                                              ends_at=past_start + dt.timedelta(hours=2), capacity=8)
    far_attended = Enrolment.objects.create(session=far_past, person=far_person, state="enrolled",
                                            attendance="present")
    w._inclusion = SimpleNamespace(attended=attended, far_attended=far_attended, partner=p, workshop=ws, session=s, space=sp, enrolment=enrolment, booking=booking,
                                   far_partner=far_p, far_workshop=far_ws, far_session=far_s, far_space=far_sp,
                                   far_booking=far_booking, far_officer=far_officer)
    return w._inclusion
