"""Inclusion figures for the inclusion officer's dashboard, by estate of their agencies.

Everything is counted in the database (a fixed number of queries whatever the size of the
landlord) and aggregated: a figure about fewer than MIN_GROUP households is replaced by
"fewer than 5", so that no figure points at one family."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palier.estates.models import Estate, Kiosk
from palier.tenancies.models import Tenancy

from .models import Attendance, EnrolmentState, KioskUse, SelfAssessment, WorkshopSession
from .queries import INCLUSION_ROLES, MIN_GROUP

KIOSK_DAYS = 30
# What the kiosk's pages are called on the dashboard (by URL name); other pages show their URL name.
KIOSK_PAGES = {
    "home": _("Start page"), "tenant-home": _("My home"), "sign-in": _("Sign in"), "help": _("Help"),
    "emergency": _("Emergency"), "workshops": _("Workshops"), "workshop-session": _("A workshop"),
    "partners": _("Partners"), "get-help": _("How to get help"), "spaces": _("Computer rooms"),
    "space": _("Computer rooms"), "rent": _("My rent"), "callback": _("Ask to be called back"),
    "mandates": _("My helpers"), "self-assessment": _("You and the internet"),
}


def _share(part, whole):
    """{"count", "percent"} or None when the group is too small to show."""
    if whole is None or whole < MIN_GROUP or part is None:
        return None
    if 0 < part < MIN_GROUP or 0 < whole - part < MIN_GROUP:
        # A small group on either side (3 households without internet, or the 2 with) could point
        # at someone: show the share rounded to tens only.
        return {"count": None, "percent": round(part * 10 / whole) * 10}
    return {"count": part, "percent": round(part * 100 / whole)}


def inclusion_figures(user, *, now=None) -> dict:
    now = now or timezone.now()
    if user is None or user.role not in INCLUSION_ROLES:
        return {"estates": [], "kiosks": [], "min_group": MIN_GROUP}
    agencies = user.agencies.values("pk")
    today = timezone.localdate(now)
    estates = list(Estate.objects.filter(agency_id__in=agencies).order_by("name").values("pk", "name"))

    current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    households = {
        row["dwelling__building__estate"]: row
        for row in Tenancy.objects.filter(current, dwelling__building__estate__agency_id__in=agencies)
        .values("dwelling__building__estate")
        .annotate(
            households=Count("household", distinct=True),
            with_account=Count("household", distinct=True,
                               filter=Q(household__persons__user__activated_at__isnull=False)),
            by_email=Count("household", distinct=True, filter=Q(household__persons__by_email=True)),
            by_sms=Count("household", distinct=True, filter=Q(household__persons__by_sms=True)),
            by_post=Count("household", distinct=True, filter=Q(household__persons__by_post=True)),
        )
    }
    tenancy_current = (Q(person__household__tenancies__start_date__lte=today)
                       & (Q(person__household__tenancies__end_date__isnull=True)
                          | Q(person__household__tenancies__end_date__gte=today)))
    answers = {
        row["person__household__tenancies__dwelling__building__estate"]: row
        for row in SelfAssessment.objects.filter(
            tenancy_current, person__household__tenancies__dwelling__building__estate__agency_id__in=agencies)
        .values("person__household__tenancies__dwelling__building__estate")
        .annotate(
            answered=Count("person__household", distinct=True),
            no_internet=Count("person__household", distinct=True, filter=Q(internet_at_home=False)),
            wants_help=Count("person__household", distinct=True, filter=Q(wants_help=True)),
        )
    }
    workshops = {
        row["estate"]: row
        for row in WorkshopSession.objects.filter(workshop__agency_id__in=agencies, starts_at__lt=now,
                                                  cancelled_at__isnull=True)
        .values("estate")
        .annotate(
            sessions=Count("pk", distinct=True),
            enrolled=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
            present=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED,
                                                 enrolments__attendance=Attendance.PRESENT)),
        )
    }
    rows = []
    for estate in estates:
        h = households.get(estate["pk"], {})
        total = h.get("households", 0)
        a = answers.get(estate["pk"], {})
        w = workshops.get(estate["pk"], {})
        shown = total >= MIN_GROUP
        rows.append({
            "name": estate["name"],
            "households": total if shown else None,
            "with_account": _share(h.get("with_account"), total),
            "by_email": _share(h.get("by_email"), total),
            "by_sms": _share(h.get("by_sms"), total),
            "by_post": _share(h.get("by_post"), total),
            "answered": a.get("answered", 0) if a.get("answered", 0) >= MIN_GROUP else None,
            "no_internet": _share(a.get("no_internet"), a.get("answered")),
            "wants_help": _share(a.get("wants_help"), a.get("answered")),
            "sessions": w.get("sessions", 0),
            "enrolled": _count(w.get("enrolled", 0)),
            "present": _count(w.get("present", 0)),
        })
    elsewhere = workshops.get(None)
    return {
        "estates": rows,
        "elsewhere": {"sessions": elsewhere["sessions"], "enrolled": _count(elsewhere["enrolled"]),
                      "present": _count(elsewhere["present"])} if elsewhere else None,
        "kiosks": kiosk_use(agencies, since=today - dt.timedelta(days=KIOSK_DAYS - 1)),
        "kiosk_days": KIOSK_DAYS,
        "min_group": MIN_GROUP,
    }


def _count(n: int):
    """People counts under MIN_GROUP are shown as "fewer than 5" (None)."""
    return n if n == 0 or n >= MIN_GROUP else None


def kiosk_use(agencies, *, since: dt.date) -> list[dict]:
    """Per kiosk of `agencies`: sessions opened and pages used since `since`, busiest pages first.
    Counts of a place, not of people: shown as they are."""
    kiosks = {k.pk: {"kiosk": k, "sessions": 0, "pages": 0, "services": []}
              for k in Kiosk.objects.filter(estate__agency_id__in=agencies).select_related("estate", "common_area")}
    for row in (KioskUse.objects.filter(kiosk_id__in=kiosks.keys(), day__gte=since)
                .values("kiosk", "service").annotate(total=Sum("count")).order_by("kiosk", "-total", "service")):
        entry = kiosks[row["kiosk"]]
        if row["service"] == "session":
            entry["sessions"] = row["total"]
        else:
            entry["pages"] += row["total"]
            entry["services"].append((KIOSK_PAGES.get(row["service"], row["service"]), row["total"]))
    return sorted(kiosks.values(), key=lambda e: (e["kiosk"].estate.name, e["kiosk"].name))
