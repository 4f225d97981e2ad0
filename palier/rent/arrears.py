"""Arrears, with a human face: who owes rent and for how long, the reminders, and payment plans.

Age of a debt: in months of rent, the balance divided by the monthly rent and charges (the way
social landlords speak of arrears: "two months behind"). Bands: up to 1 month, 2 to 3 months,
more than 3 months.

Reminders go through each signatory's own channels, in their language, worded kindly, with the
named officer's phone number and the offer of a payment plan. The reminder task (daily) sends a
first reminder `first_delay()` days after the due day, a second one `second_delay()` days after
the first; a household with a payment plan gets none. Staff may also send one by hand.

Payment plans: the household (or its helper) asks, and its housing officer is told. The officer
agrees to the amount asked (the plan runs at once) or proposes another one: the household then
says yes (the plan runs) or no (declined, the officer is told). Instalments are followed on the
ledger every day; a missed one flags the plan.
"""

import calendar
import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.core.formats import format_date, format_money
from palier.notifications.services import queue_message
from palier.tenancies.models import Household, Person, Tenancy
from palier.tenancies.queries import staff_households_q

from .arrears_models import (
    OPEN_PLAN_STATES,
    Instalment,
    InstalmentState,
    PaymentPlan,
    PlanState,
    Reminder,
    ReminderLevel,
)
from .direct_debit import _may_act_for, notify_household, officer_line
from .models import EntryKind, LedgerEntry
from .queries import DUE_DAY
from .services import CENT

ARREARS_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
PLAN_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
MAX_INSTALMENTS = 36
ZERO = Decimal("0.00")


class Band:
    ONE = "1"
    TWO_THREE = "2-3"
    MORE = "4+"
    CHOICES = ((ONE, gettext_lazy("Up to 1 month")), (TWO_THREE, gettext_lazy("2 to 3 months")),
               (MORE, gettext_lazy("More than 3 months")))


def first_delay() -> int:
    return int(getattr(settings, "PALIER_REMINDER_FIRST_DAYS", 10))


def second_delay() -> int:
    return int(getattr(settings, "PALIER_REMINDER_SECOND_DAYS", 15))


def restart_after() -> int:
    """Days after the last reminder before a new round of reminders starts."""
    return int(getattr(settings, "PALIER_REMINDER_RESTART_DAYS", 60))


def plan_grace_days() -> int:
    return int(getattr(settings, "PALIER_PLAN_GRACE_DAYS", 5))


# --- reading arrears -----------------------------------------------------------------------------


def _money_sum(expression):
    return Coalesce(Sum(expression), Value(ZERO), output_field=DecimalField(max_digits=13, decimal_places=2))


ARREARS_COMPUTED_KEY = "palier:arrears-computed-at"


def refresh_arrears(*, today: dt.date | None = None) -> int:
    """Compute the arrears list again (see ArrearsRow): every running tenancy whose ledger sums
    to more than zero. Three queries to read (the ledger summed per tenancy in one narrow GROUP
    BY), then the list is replaced in one transaction. Returns the number of lines."""
    from django.core.cache import cache

    from .arrears_models import ArrearsRow

    now = timezone.now()
    rows = _arrears_rows(LedgerEntry.objects.all(), today=today or timezone.localdate(), now=now)
    with transaction.atomic():
        ArrearsRow.objects.all().delete()
        ArrearsRow.objects.bulk_create(rows, batch_size=5000)
    cache.set(ARREARS_COMPUTED_KEY, now, 26 * 3600)
    return len(rows)


def refresh_arrears_of(tenancy_ids, *, today: dt.date | None = None) -> int:
    """Compute the arrears lines of these tenancies again, after their ledger changed: a tenancy
    that paid leaves the list, one that now owes joins it, the others show their new balance."""
    from .arrears_models import ArrearsRow

    ids = sorted(set(tenancy_ids))
    rows = _arrears_rows(LedgerEntry.objects.filter(tenancy_id__in=ids), today=today or timezone.localdate(),
                         now=timezone.now(), among=ids)
    with transaction.atomic():
        ArrearsRow.objects.filter(tenancy_id__in=ids).delete()
        ArrearsRow.objects.bulk_create(rows)
    return len(rows)


# Up to this many tenancies, their lines are computed again as soon as their ledger changed;
# beyond (a whole bank statement, the monthly charge run), the worker computes the whole list.
FOLLOW_AT_ONCE = 200


def ledger_changed(tenancy_ids) -> None:
    """Keep the arrears list in step with the ledger: once the current transaction commits, the
    lines of these tenancies are computed again — at once for a few, by the worker for many."""
    ids = set(tenancy_ids)
    if not ids:
        return

    def follow() -> None:
        if len(ids) <= FOLLOW_AT_ONCE:
            refresh_arrears_of(ids)
        else:
            from .debit_tasks import refresh_arrears as refresh_task

            refresh_task.enqueue()

    transaction.on_commit(follow, robust=True)


def _arrears_rows(entries: QuerySet, *, today: dt.date, now, among=None) -> list:
    """The arrears lines of the tenancies whose `entries` sum to more than zero and that are running."""
    from .arrears_models import ArrearsRow

    sums = (
        entries.values("tenancy_id")
        .annotate(balance=Sum("amount"), last_payment_on=Max("booked_on", filter=Q(kind=EntryKind.PAYMENT)))
        .filter(balance__gt=0).order_by()
    )
    owing = {row["tenancy_id"]: row for row in sums.iterator(chunk_size=5000)}
    rows = []
    running = (Tenancy.objects.current(today).filter(pk__in=list(owing)) if among is not None or len(owing) < 20000
               else Tenancy.objects.current(today))
    for pk, agency_id, rent, charges in running.values_list(
            "pk", "dwelling__building__estate__agency_id", "rent", "charges").iterator(chunk_size=5000):
        found = owing.get(pk)
        if found is None:
            continue
        rows.append(ArrearsRow(tenancy_id=pk, agency_id=agency_id, balance=found["balance"], monthly=rent + charges,
                               last_payment_on=found["last_payment_on"], computed_at=now))
    return rows


def arrears_computed_at(*, refresh_if_missing: bool = True):
    """When the arrears list was last computed; computes it first when it never was (or the
    cache forgot it)."""
    from django.core.cache import cache

    computed = cache.get(ARREARS_COMPUTED_KEY)
    if computed is None and refresh_if_missing:
        refresh_arrears()
        computed = cache.get(ARREARS_COMPUTED_KEY)
    return computed


def arrears_for(user, *, agency_id: int | None = None, band: str = "") -> QuerySet:
    """The arrears list (ArrearsRow, as last computed) in the staff member's reach (an agent or a
    manager: their agencies; an accountant: all), most owed first. `band` keeps one age band."""
    from .arrears_models import ArrearsRow

    if user is None or not user.is_authenticated or user.role not in ARREARS_ROLES:
        return ArrearsRow.objects.none()
    rows = ArrearsRow.objects.all()
    if user.role != Role.ACCOUNTANT:
        rows = rows.filter(agency_id__in=user.agencies.values("pk"))
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    if band == Band.ONE:
        rows = rows.filter(balance__lte=F("monthly"))
    elif band == Band.TWO_THREE:
        rows = rows.filter(balance__gt=F("monthly"), balance__lte=F("monthly") * 3)
    elif band == Band.MORE:
        rows = rows.filter(balance__gt=F("monthly") * 3)
    return rows.select_related(
        "tenancy__household", "tenancy__dwelling__building__estate__agency", "tenancy__housing_officer",
    ).order_by("-balance", "tenancy_id")


def months_owed(balance: Decimal, monthly: Decimal) -> Decimal:
    if not monthly:
        return ZERO
    return (balance / monthly).quantize(Decimal("0.1"))


def band_of(balance: Decimal, monthly: Decimal) -> str:
    if not monthly or balance <= monthly:
        return Band.ONE
    if balance <= monthly * 3:
        return Band.TWO_THREE
    return Band.MORE


def decorate(rows: list) -> list:
    """Add to each row of a page its last reminder and open plan, in two queries for the page."""
    ids = [t.tenancy_id for t in rows]
    last_reminders = {}
    for reminder in Reminder.objects.filter(tenancy_id__in=ids).order_by("tenancy_id", "-sent_on", "-pk"):
        last_reminders.setdefault(reminder.tenancy_id, reminder)
    plans = {p.tenancy_id: p for p in PaymentPlan.objects.filter(tenancy_id__in=ids, state__in=OPEN_PLAN_STATES)}
    labels = dict(Band.CHOICES)
    for row in rows:
        row.last_reminder = last_reminders.get(row.tenancy_id)
        row.open_plan = plans.get(row.tenancy_id)
        row.months_owed = months_owed(row.balance, row.monthly)
        row.band_label = labels[band_of(row.balance, row.monthly)]
    return rows


def owed_by(tenancy: Tenancy, on: dt.date | None = None) -> Decimal:
    entries = LedgerEntry.objects.filter(tenancy=tenancy)
    if on is not None:
        entries = entries.filter(booked_on__lte=on)
    return entries.aggregate(total=_money_sum("amount"))["total"]


# --- reminders -----------------------------------------------------------------------------------


def next_level(tenancy: Tenancy, today: dt.date) -> str | None:
    """Which reminder comes next for a household that owes money, by the rules above, or None."""
    if PaymentPlan.objects.filter(tenancy=tenancy, state__in=(PlanState.ACTIVE, PlanState.BEHIND)).exists():
        return None
    last = Reminder.objects.filter(tenancy=tenancy).order_by("-sent_on", "-pk").first()
    return _level_after(last.level if last else None, last.sent_on if last else None, today)


def _level_after(level, sent_on, today: dt.date) -> str | None:
    if level is None or (today - sent_on).days >= restart_after():
        return ReminderLevel.FIRST if today.day >= DUE_DAY + first_delay() else None
    if level == ReminderLevel.FIRST and (today - sent_on).days >= second_delay():
        return ReminderLevel.SECOND
    return None


def _compose_reminder(level: str, owed: Decimal, tenancy: Tenancy):
    def compose(person):
        amount = format_money(owed)
        if level == ReminderLevel.FIRST:
            subject = _("Your rent: a reminder")
            body = _("Hello %(name)s. We have not received all your rent. You owe %(amount)s. "
                     "Maybe you forgot, or it is a difficult time. If you cannot pay all at once, "
                     "we can agree on a payment plan. %(call)s") % {
                "name": person.first_name, "amount": amount, "call": officer_line(tenancy)}
        else:
            subject = _("Your rent: second reminder")
            body = _("Hello %(name)s. You still owe %(amount)s in rent. We want to help you find a solution. "
                     "We can agree on a payment plan, in small amounts. Please contact us soon. %(call)s") % {
                "name": person.first_name, "amount": amount, "call": officer_line(tenancy)}
        return subject, body

    return compose


def send_reminder(*, acting: Acting, tenancy: Tenancy, level: str | None = None,
                  today: dt.date | None = None) -> Reminder:
    """Send a reminder (the next one by the rules when `level` is None) to the household through
    its channels. Raises DomainError when nothing is owed, when no reminder is due, or when this
    reminder was already sent today."""
    today = today or timezone.localdate()
    user = acting.user if acting.is_authenticated else None
    if user is not None and user.role not in ARREARS_ROLES:
        raise DomainError(_("You may not send reminders."), code="forbidden")
    owed = owed_by(tenancy)
    if owed <= 0:
        raise DomainError(_("This household owes nothing."))
    if level is None:
        last = Reminder.objects.filter(tenancy=tenancy).order_by("-sent_on", "-pk").first()
        level = ReminderLevel.SECOND if last and last.level == ReminderLevel.FIRST and (
            today - last.sent_on).days < restart_after() else ReminderLevel.FIRST
    if level not in ReminderLevel.values:
        raise DomainError(_("Choose a reminder."), field="level")
    tenancy = (Tenancy.objects.select_related("housing_officer", "dwelling__building__estate__agency")
               .get(pk=tenancy.pk))
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(tenancy=tenancy, level=level, owed=owed, sent_on=today, sent_by=user)
            queued = notify_household(acting=acting, tenancy=tenancy, key=f"reminder-{reminder.pk}",
                                      compose=_compose_reminder(level, owed, tenancy))
            reminder.channels = f"{queued}"
            reminder.save(update_fields=["channels"])
            record(acting, "rent.reminder_sent", target=tenancy,
                   data={"level": level, "owed": str(owed), "messages": queued})
    except IntegrityError:
        raise DomainError(_("This reminder was already sent today.")) from None
    return reminder


def reminders_due(today: dt.date | None = None) -> list[tuple[Tenancy, str]]:
    """The (tenancy, level) pairs the reminder task would send today: running tenancies that owe
    money and have no running payment plan, whose next reminder is due."""
    today = today or timezone.localdate()
    last = Reminder.objects.filter(tenancy=OuterRef("pk")).order_by("-sent_on", "-pk")
    rows = (
        Tenancy.objects.current(today)
        .exclude(payment_plans__state__in=(PlanState.ACTIVE, PlanState.BEHIND))
        .annotate(balance=_money_sum("ledger_entries__amount"))
        .filter(balance__gt=0)
        .annotate(last_level=Subquery(last.values("level")[:1]), last_on=Subquery(last.values("sent_on")[:1]))
        .order_by("pk")
    )
    due = []
    for tenancy in rows.iterator(chunk_size=2000):
        level = _level_after(tenancy.last_level, tenancy.last_on, today)
        if level:
            due.append((tenancy, level))
    return due


def send_due_reminders(*, acting: Acting, today: dt.date | None = None) -> int:
    """The daily reminder task. Each reminder in its own transaction; a second run the same day
    sends nothing. Returns how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    for tenancy, level in reminders_due(today):
        try:
            send_reminder(acting=acting, tenancy=tenancy, level=level, today=today)
        except DomainError:
            continue
        sent += 1
    return sent


# --- payment plans -------------------------------------------------------------------------------


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (TypeError, ArithmeticError, ValueError):
        raise DomainError(_("Enter an amount, for example 50.00."), field=field) from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field)
    if amount != amount.quantize(CENT):
        raise DomainError(_("The amount can have at most two decimals."), field=field)
    return amount


def split_debt(debt: Decimal, monthly: Decimal) -> list[Decimal]:
    """Instalments of `monthly`, the last one smaller: they add up to `debt` exactly."""
    count = int((debt / monthly).to_integral_value(rounding=ROUND_DOWN))
    parts = [monthly] * count
    rest = debt - monthly * count
    if rest > 0:
        parts.append(rest.quantize(CENT))
    return parts


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def open_plan_of(tenancy: Tenancy) -> PaymentPlan | None:
    return PaymentPlan.objects.filter(tenancy=tenancy, state__in=OPEN_PLAN_STATES).first()


def plan_to_show(tenancy: Tenancy) -> PaymentPlan | None:
    """The plan a household sees on its rent page: the open one, else none. A proposal carries
    the instalments it would make (`proposed_parts`), for the household to judge."""
    plan = open_plan_of(tenancy)
    if plan is not None:
        plan.instalment_list = list(plan.instalments.all())
        _with_proposal(plan)
    return plan


def _with_proposal(plan: PaymentPlan) -> PaymentPlan:
    plan.proposed_parts = (split_debt(plan.debt, plan.proposed_monthly)
                           if plan.state == PlanState.PROPOSED and plan.proposed_monthly else [])
    return plan


def get_household_plan(tenancy: Tenancy, pk) -> PaymentPlan:
    """A plan of the household served (by `tenancy`); another household's plan is a 404."""
    try:
        plan = PaymentPlan.objects.get(pk=pk, tenancy=tenancy)
    except (PaymentPlan.DoesNotExist, ValueError):
        raise Http404 from None
    plan.instalment_list = []
    return _with_proposal(plan)


def _with_officer(tenancy: Tenancy) -> Tenancy:
    return (Tenancy.objects.select_related("household", "housing_officer", "dwelling__building__estate__agency")
            .get(pk=tenancy.pk))


def _staff_link(plan: PaymentPlan) -> str:
    return settings.PALIER_BASE_URL.rstrip("/") + reverse("backoffice:plan-detail", kwargs={"pk": plan.pk})


def alert_officer(*, acting: Acting, tenancy: Tenancy, key: str, compose) -> int:
    """Tell the housing officer of `tenancy` (else the agents of its agency) about a payment plan,
    the way repairs and call-backs reach staff: an email, or a note in their inbox when they have
    no email address. `compose(user)` returns (subject, body), called in the officer's language;
    `key` makes it idempotent. Returns the number of messages queued."""
    officer = tenancy.housing_officer
    if officer is not None and officer.is_active:
        recipients = [officer]
    else:
        recipients = list(tenancy.dwelling.building.estate.agency.staff.filter(role=Role.AGENT, is_active=True)
                          .order_by("pk")[:5])
    for user in recipients:
        language = user.language or "fr"
        with translation.override(language):
            subject, body = (str(text) for text in compose(user))
        channel, to = ("email", user.email) if user.email else ("portal", "")
        queue_message(acting=acting, channel=channel, to=to, subject=subject, body=body, language=language,
                      user=user, idempotency_key=f"{key}-officer-{user.pk}"[:100])
    return len(recipients)


def _asked_by(plan: PaymentPlan, tenancy: Tenancy) -> str:
    return plan.requested_by.full_name if plan.requested_by_id else tenancy.household.name


@transaction.atomic
def request_plan(*, acting: Acting, tenancy: Tenancy, person: Person | None, monthly: Decimal,
                 note: str = "") -> PaymentPlan:
    """The household (or its helper) asks to pay its debt in instalments of `monthly`; its housing
    officer is told. Raises DomainError when nothing is owed or a plan is already open."""
    _may_act_for(acting, tenancy, person)
    monthly = _money(monthly, "monthly")
    owed = owed_by(tenancy)
    if owed <= 0:
        raise DomainError(_("You owe nothing, so you do not need a plan."))
    if PaymentPlan.objects.select_for_update(of=("self",)).filter(tenancy=tenancy, state__in=OPEN_PLAN_STATES).exists():
        raise DomainError(_("You already have a payment plan, or you asked for one."))
    if len(split_debt(owed, monthly)) > MAX_INSTALMENTS:
        raise DomainError(_("With this amount, the plan would last more than 3 years. Choose a larger amount, "
                            "or call us to talk about it."), field="monthly")
    plan = PaymentPlan.objects.create(tenancy=tenancy, debt=owed, offered_monthly=monthly,
                                      note=(note or "").strip()[:500], requested_by=person)
    record(acting, "rent.plan_requested", target=plan, data={"debt": str(owed), "monthly": str(monthly)})
    tenancy = _with_officer(tenancy)

    def compose(user):
        return (_("%(household)s asks for a payment plan") % {"household": tenancy.household.name},
                _("%(name)s (tenancy %(number)s) owes %(debt)s and asks to pay %(monthly)s each month. "
                  "Their note: %(note)s. Agree on the plan or propose another one: %(link)s")
                % {"name": _asked_by(plan, tenancy), "number": tenancy.number, "debt": format_money(owed),
                   "monthly": format_money(monthly), "note": plan.note or "—", "link": _staff_link(plan)})

    alert_officer(acting=acting, tenancy=tenancy, key=f"plan-requested-{plan.pk}", compose=compose)
    return plan


def _check_plan_staff(acting: Acting) -> None:
    user = acting.user
    if user is None or not user.is_authenticated or user.role not in PLAN_ROLES:
        raise DomainError(_("You may not agree on payment plans."), code="forbidden")


def _instalments_of(owed: Decimal, monthly: Decimal) -> list[Decimal]:
    parts = split_debt(owed, monthly)
    if len(parts) > MAX_INSTALMENTS:
        raise DomainError(_("A plan has at most 36 instalments. Choose a larger amount."), field="monthly")
    return parts


def _start_plan(*, acting: Acting, plan: PaymentPlan, owed: Decimal, monthly: Decimal, parts: list[Decimal],
                first_due_on: dt.date, officer) -> None:
    """Make the plan run: its instalments are written, one a month from `first_due_on`, and the
    household is told through its channels. The caller records the audit event."""
    plan.debt, plan.state, plan.agreed_by, plan.agreed_at = owed, PlanState.ACTIVE, officer, timezone.now()
    plan.save()
    Instalment.objects.bulk_create([
        Instalment(plan=plan, number=i + 1, due_on=_add_months(first_due_on, i), amount=amount)
        for i, amount in enumerate(parts)
    ])
    if sum(parts, ZERO) != owed:  # the instalments add up to the debt, to the cent
        raise DomainError(_("A plan has at most 36 instalments. Choose a larger amount."), field="monthly")
    tenancy = _with_officer(plan.tenancy)

    def compose(person):
        return (_("Your payment plan"),
                _("We agreed on a payment plan for your debt of %(debt)s: %(count)s payments of %(monthly)s, "
                  "the first on %(date)s. Please pay them on top of your rent. You can see the plan on your rent page. "
                  "%(call)s") % {"debt": format_money(owed), "count": len(parts), "monthly": format_money(monthly),
                                 "date": format_date(first_due_on), "call": officer_line(tenancy)})

    notify_household(acting=acting, tenancy=tenancy, key=f"plan-agreed-{plan.pk}", compose=compose)


@transaction.atomic
def agree_plan(*, acting: Acting, tenancy: Tenancy, monthly: Decimal, first_due_on: dt.date,
               note: str = "", today: dt.date | None = None) -> PaymentPlan:
    """The officer agrees on a plan: the whole debt of today in instalments of `monthly`, one a
    month from `first_due_on`.

    - The household asked for a plan and the officer keeps its amount: the plan runs at once.
    - The household asked for another amount: the plan is *proposed*; the household is told and
      says yes or no (`answer_plan`); the instalments are written only once it says yes.
    - Nobody asked (a plan settled with the household at the counter or on the phone): it runs
      at once.

    The household is told through its channels either way. Raises DomainError for a wrong amount,
    a date in the past, more than 36 instalments, no debt, or a plan already running or proposed."""
    _check_plan_staff(acting)
    today = today or timezone.localdate()
    monthly = _money(monthly, "monthly")
    if first_due_on < today:
        raise DomainError(_("The first payment cannot be in the past."), field="first_due_on")
    owed = owed_by(tenancy)
    if owed <= 0:
        raise DomainError(_("This household owes nothing."))
    parts = _instalments_of(owed, monthly)
    plan = PaymentPlan.objects.select_for_update(of=("self",)).filter(tenancy=tenancy, state__in=OPEN_PLAN_STATES).first()
    if plan is not None and plan.state == PlanState.PROPOSED:
        raise DomainError(_("This household has not answered the plan you proposed yet."))
    if plan is not None and plan.state != PlanState.REQUESTED:
        raise DomainError(_("This household already has a payment plan."))
    if plan is None:
        plan = PaymentPlan(tenancy=tenancy)
    offered = plan.offered_monthly
    if note:
        plan.note = note.strip()[:500]
    if offered is not None and monthly != offered:
        return _propose_plan(acting=acting, plan=plan, owed=owed, monthly=monthly, parts=parts,
                             first_due_on=first_due_on)
    _start_plan(acting=acting, plan=plan, owed=owed, monthly=monthly, parts=parts, first_due_on=first_due_on,
                officer=acting.user)
    record(acting, "rent.plan_agreed", target=plan,
           data={"debt": str(owed), "monthly": str(monthly), "instalments": len(parts),
                 "offered": str(offered) if offered else None})
    return plan


def _propose_plan(*, acting: Acting, plan: PaymentPlan, owed: Decimal, monthly: Decimal, parts: list[Decimal],
                  first_due_on: dt.date) -> PaymentPlan:
    plan.debt, plan.state, plan.proposed_monthly, plan.first_due_on = owed, PlanState.PROPOSED, monthly, first_due_on
    plan.proposed_by, plan.proposed_at = acting.user, timezone.now()
    plan.save()
    record(acting, "rent.plan_proposed", target=plan,
           data={"debt": str(owed), "monthly": str(monthly), "instalments": len(parts),
                 "offered": str(plan.offered_monthly), "first_due_on": first_due_on.isoformat()})
    tenancy = _with_officer(plan.tenancy)
    link = settings.PALIER_BASE_URL.rstrip("/") + reverse("portal:payment-plan")

    def compose(person):
        return (_("Your payment plan: our proposal"),
                _("You asked to pay %(offered)s each month. We propose another plan for your debt of %(debt)s: "
                  "%(count)s payments of %(monthly)s, the first on %(date)s. Do you agree? Please answer on your "
                  "rent page: %(link)s. Or call us. %(call)s")
                % {"offered": format_money(plan.offered_monthly), "debt": format_money(owed), "count": len(parts),
                   "monthly": format_money(monthly), "date": format_date(first_due_on), "link": link,
                   "call": officer_line(tenancy)})

    notify_household(acting=acting, tenancy=tenancy, key=f"plan-proposed-{plan.pk}", compose=compose)
    return plan


def _first_due_from(first_due_on: dt.date, today: dt.date) -> dt.date:
    """The proposed first date, or the same day of a later month when it has passed meanwhile."""
    months = 0
    while _add_months(first_due_on, months) < today:
        months += 1
    return _add_months(first_due_on, months)


@transaction.atomic
def answer_plan(*, acting: Acting, plan: PaymentPlan, person: Person | None, accept: bool, message: str = "",
                today: dt.date | None = None) -> PaymentPlan:
    """The household (a tenant, a co-tenant, or a helper with the rent scope, for `person`)
    answers the officer's proposal. Yes: the plan runs, its instalments made from the debt of
    today. No: the plan is declined, with the household's message. The officer is told either way.
    A plan that is no longer proposed (answered already, or cancelled) is left as it is. Raises
    DomainError when the person may not act for this household, or when nothing is owed any more."""
    _may_act_for(acting, plan.tenancy, person)
    today = today or timezone.localdate()
    plan = PaymentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.state != PlanState.PROPOSED:
        return plan
    message = " ".join((message or "").split())[:500]
    plan.answered_by, plan.answered_at, plan.answer_note = person, timezone.now(), message
    tenancy = _with_officer(plan.tenancy)
    who = person.full_name if person is not None else tenancy.household.name
    if accept:
        owed = owed_by(tenancy)
        if owed <= 0:
            raise DomainError(_("You owe nothing now, so you do not need a plan."))
        try:
            parts = _instalments_of(owed, plan.proposed_monthly)
        except DomainError:
            raise DomainError(_("Your debt changed since our proposal. Please call us. %(call)s")
                              % {"call": officer_line(tenancy)}) from None
        first_due_on = _first_due_from(plan.first_due_on or today, today)
        _start_plan(acting=acting, plan=plan, owed=owed, monthly=plan.proposed_monthly, parts=parts,
                    first_due_on=first_due_on, officer=plan.proposed_by)
        record(acting, "rent.plan_accepted", target=plan, subject_person_id=getattr(person, "pk", None),
               data={"debt": str(owed), "monthly": str(plan.proposed_monthly), "instalments": len(parts),
                     "first_due_on": first_due_on.isoformat()})

        def compose(user):
            return (_("%(household)s agrees to the payment plan") % {"household": tenancy.household.name},
                    _("%(name)s (tenancy %(number)s) said yes to your proposal: %(count)s payments of %(monthly)s, "
                      "the first on %(date)s. The plan now runs: %(link)s")
                    % {"name": who, "number": tenancy.number, "count": len(parts),
                       "monthly": format_money(plan.proposed_monthly), "date": format_date(first_due_on),
                       "link": _staff_link(plan)})
    else:
        plan.state = PlanState.DECLINED
        plan.save()
        record(acting, "rent.plan_declined", target=plan, subject_person_id=getattr(person, "pk", None),
               data={"monthly": str(plan.proposed_monthly), "message": message})

        def compose(user):
            return (_("%(household)s does not agree to the payment plan") % {"household": tenancy.household.name},
                    _("%(name)s (tenancy %(number)s) said no to your proposal of %(monthly)s each month. "
                      "Their message: %(message)s. Please call them to find another solution: %(link)s")
                    % {"name": who, "number": tenancy.number, "monthly": format_money(plan.proposed_monthly),
                       "message": message or "—", "link": _staff_link(plan)})

    alert_officer(acting=acting, tenancy=tenancy, key=f"plan-answered-{plan.pk}", compose=compose)
    return plan


@transaction.atomic
def cancel_plan(*, acting: Acting, plan: PaymentPlan) -> PaymentPlan:
    """Staff end a plan (asked for, or running). Cancelling twice changes nothing."""
    _check_plan_staff(acting)
    plan = PaymentPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if not plan.is_open:
        return plan
    plan.state = PlanState.CANCELLED
    plan.save(update_fields=["state", "updated_at"])
    record(acting, "rent.plan_cancelled", target=plan)
    return plan


def check_plans(*, acting: Acting, today: dt.date | None = None) -> int:
    """The daily check of running plans on the ledger. An instalment whose due date is more than
    `plan_grace_days()` days past is paid when the balance on that day was no more than what
    should be left after it, missed otherwise (the plan is then flagged and the household told,
    kindly). A plan whose balance is now nothing is completed. Returns how many instalments
    were missed."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=plan_grace_days())
    missed = 0
    plans = PaymentPlan.objects.filter(state__in=(PlanState.ACTIVE, PlanState.BEHIND)).select_related(
        "tenancy__housing_officer", "tenancy__dwelling__building__estate__agency")
    for plan in plans.iterator(chunk_size=500):
        with transaction.atomic():
            plan = PaymentPlan.objects.select_for_update(of=("self",)).select_related(
                "tenancy__housing_officer", "tenancy__dwelling__building__estate__agency").get(pk=plan.pk)
            instalments = list(plan.instalments.order_by("number"))
            cumulative = ZERO
            newly_missed = []
            for instalment in instalments:
                cumulative += instalment.amount
                if instalment.state != InstalmentState.DUE or instalment.due_on > cutoff:
                    continue
                checked_on = instalment.due_on + dt.timedelta(days=plan_grace_days())
                expected_left = plan.debt - cumulative
                paid = owed_by(plan.tenancy, on=checked_on) <= expected_left
                instalment.state = InstalmentState.PAID if paid else InstalmentState.MISSED
                instalment.save(update_fields=["state"])
                if not paid:
                    newly_missed.append(instalment)
            if owed_by(plan.tenancy) <= 0:
                plan.instalments.filter(state=InstalmentState.DUE).update(state=InstalmentState.PAID)
                plan.state = PlanState.COMPLETED
                plan.save(update_fields=["state", "updated_at"])
                record(acting, "rent.plan_completed", target=plan)
                continue
            if newly_missed:
                missed += len(newly_missed)
                plan.state = PlanState.BEHIND
                plan.save(update_fields=["state", "updated_at"])
                record(acting, "rent.instalment_missed", target=plan,
                       data={"instalments": [i.number for i in newly_missed]})
                tenancy = plan.tenancy
                first = newly_missed[0]

                def compose(person, first=first, tenancy=tenancy):
                    return (_("Your payment plan: a payment is missing"),
                            _("We did not receive the payment of %(amount)s planned for %(date)s. "
                              "It can happen. Please call us, so that we find a solution together. %(call)s")
                            % {"amount": format_money(first.amount), "date": format_date(first.due_on),
                               "call": officer_line(tenancy)})

                notify_household(acting=acting, tenancy=tenancy, key=f"plan-missed-{plan.pk}-{first.number}",
                                 compose=compose)
    return missed


# --- reads with authorisation --------------------------------------------------------------------


def staff_plans(user) -> QuerySet:
    if user is None or not user.is_authenticated or user.role not in PLAN_ROLES:
        return PaymentPlan.objects.none()
    return PaymentPlan.objects.filter(
        tenancy__household__in=Household.objects.filter(staff_households_q(user)).values("pk"))


def get_plan_for(acting, pk) -> PaymentPlan:
    """A payment plan in the staff member's reach; anything else is a 404."""
    try:
        return staff_plans(acting.user).select_related("tenancy__household", "requested_by", "agreed_by",
                                                     "proposed_by", "answered_by").get(pk=pk)
    except (PaymentPlan.DoesNotExist, ValueError):
        raise Http404 from None


def plans_for(user, *, state: str = "") -> QuerySet:
    plans = staff_plans(user).select_related("tenancy__household", "requested_by")
    if state:
        plans = plans.filter(state=state)
    return plans.order_by("-created_at", "-pk")
