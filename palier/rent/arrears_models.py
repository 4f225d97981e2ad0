"""Arrears, with a human face: the reminders sent to a household that owes rent, and the payment
plans agreed with it.

A reminder is written once per household, level and day (a second run of the reminder task on
the same day sends nothing). A payment plan splits a debt into instalments whose amounts add up
to the debt exactly (when the officer offers other terms than the household asked for, the
household says yes or no first); it is followed on the ledger: an instalment is missed when, some
days after its due date, the balance is still above what should be left by then.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palier.core.models import VersionedModel
from palier.tenancies.models import Person, Tenancy

__all__ = ["ArrearsRow", "Instalment", "InstalmentState", "PaymentPlan", "PlanState", "Reminder", "ReminderLevel"]


class ReminderLevel(models.TextChoices):
    FIRST = "first", _("first reminder")
    SECOND = "second", _("second reminder")


class Reminder(models.Model):
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="reminders")
    level = models.CharField(_("reminder"), max_length=8, choices=ReminderLevel.choices)
    owed = models.DecimalField(_("amount owed"), max_digits=11, decimal_places=2)
    sent_on = models.DateField(_("sent on"))
    channels = models.CharField(_("sent by"), max_length=60, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("arrears reminder")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "level", "sent_on"], name="rent_reminder_once_a_day"),
        ]
        indexes = [models.Index(fields=["tenancy", "-sent_on"])]

    def __str__(self):
        return f"{self.get_level_display()} {self.tenancy} {self.sent_on}"


class PlanState(models.TextChoices):
    REQUESTED = "requested", _("asked for")
    # The officer offered other terms than the household asked for: it says yes or no.
    PROPOSED = "proposed", _("proposed, waiting for the household")
    ACTIVE = "active", _("running")
    BEHIND = "behind", _("an instalment was missed")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("declined by the household")


OPEN_PLAN_STATES = (PlanState.REQUESTED, PlanState.PROPOSED, PlanState.ACTIVE, PlanState.BEHIND)


class PaymentPlan(VersionedModel):
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="payment_plans")
    state = models.CharField(_("state"), max_length=12, choices=PlanState.choices, default=PlanState.REQUESTED)
    debt = models.DecimalField(_("debt"), max_digits=11, decimal_places=2)
    # What the household offered to pay each month, when it asked for the plan itself.
    offered_monthly = models.DecimalField(_("offered each month"), max_digits=11, decimal_places=2, null=True,
                                          blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    requested_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # The officer's other terms, while the household has not answered (state "proposed"): the
    # instalments are only written once it says yes, from the debt of that day.
    proposed_monthly = models.DecimalField(_("proposed each month"), max_digits=11, decimal_places=2, null=True,
                                           blank=True)
    first_due_on = models.DateField(_("first instalment on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # The household's answer to a proposal: who answered, when, and what they wrote (when declining).
    answered_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(_("their answer"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment plan")
        constraints = [
            models.UniqueConstraint(fields=["tenancy"],
                                    condition=models.Q(state__in=["requested", "proposed", "active", "behind"]),
                                    name="rent_one_open_plan_per_tenancy"),
            models.CheckConstraint(condition=models.Q(debt__gt=0), name="rent_plan_debt_positive"),
        ]

    def __str__(self):
        return f"{self.tenancy} {self.debt}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_PLAN_STATES


class InstalmentState(models.TextChoices):
    DUE = "due", _("to pay")
    PAID = "paid", _("paid")
    MISSED = "missed", _("missed")


class Instalment(models.Model):
    plan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    state = models.CharField(_("state"), max_length=8, choices=InstalmentState.choices, default=InstalmentState.DUE)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("instalment")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="rent_instalment_number_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="rent_instalment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.number}: {self.amount} ({self.due_on})"


class ArrearsRow(models.Model):
    """One line of the arrears list as computed by `refresh_arrears()`: a running tenancy that
    owed money at `computed_at`. Summing a ledger of 100,000 tenancies takes seconds, so the
    list staff work from is computed in the background (daily, or when someone asks) and read
    from here, paginated, in a few milliseconds."""

    tenancy = models.OneToOneField(Tenancy, on_delete=models.CASCADE, related_name="+")
    agency_id = models.IntegerField(db_index=True)
    balance = models.DecimalField(max_digits=13, decimal_places=2)
    monthly = models.DecimalField(max_digits=11, decimal_places=2)
    last_payment_on = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["agency_id", "-balance"]), models.Index(fields=["-balance"])]

    def __str__(self):
        return f"{self.tenancy_id}: {self.balance}"
