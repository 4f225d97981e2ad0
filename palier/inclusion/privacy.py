"""What digital inclusion holds about a person, for the privacy registry: their workshop places,
room bookings and answers to the questions about the internet. None of it must be kept by law, so
all of it is erased on request (kiosk counters hold nobody's data and are not touched)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.privacy.registry import plain, register

from .models import Enrolment, SelfAssessment, SpaceBooking


def export_person(person) -> dict:
    return {
        "workshops": [{"workshop": e.session.workshop.title_fr, "starts_at": plain(e.session.starts_at),
                       "place": e.session.place, "state": e.state, "attendance": e.attendance,
                       "registered_through": e.channel, "registered_at": plain(e.created_at)}
                      for e in Enrolment.objects.filter(person=person).select_related("session__workshop")],
        "room_bookings": [{"room": b.space.name, "starts_at": plain(b.starts_at), "state": b.state,
                           "booked_through": b.channel} for b in SpaceBooking.objects.filter(person=person)
                          .select_related("space")],
        "questions_about_the_internet": [
            {"answered_at": plain(a.answered_at), "internet_at_home": a.internet_at_home,
             "smartphone": a.has_smartphone, "computer": a.has_computer, "tablet": a.has_tablet, "email": a.email,
             "online_forms": a.forms, "online_banking": a.banking, "would_like_help": a.wants_help}
            for a in SelfAssessment.objects.filter(person=person)],
    }


def erase_person(person, *, acting, now, rules, dry_run) -> list[dict]:
    kinds = [
        (_("Workshop places and waiting lists"), Enrolment.objects.filter(person=person)),
        (_("Room bookings"), SpaceBooking.objects.filter(person=person)),
        (_("Answers to the questions about the internet"), SelfAssessment.objects.filter(person=person)),
    ]
    lines = []
    with transaction.atomic():
        for what, queryset in kinds:
            count = queryset.count()
            if not dry_run and count:
                queryset.delete()
            lines.append({"what": what, "count": count, "erased": not dry_run, "reason": ""})
    return lines


def register_privacy() -> None:
    register("inclusion", title=gettext_lazy("Workshops, rooms and digital skills"), export=export_person,
             erase=erase_person, order=60)
