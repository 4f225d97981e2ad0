"""The grid of direct debit, arrears and payment plans, in the portal, the kiosk and the back office.

The objects these URLs need (Amina's mandate, a batch, payment plans) are made by the row's
`kwargs` function the first time a walk asks for them; the builders are shared with the
accessibility run (tests_browser/pages.py).

Tenant pages serve the household of whoever is signed in (no argument in the URL, so another
household's mandate or plan cannot even be asked for); the answer to a proposed plan names the plan,
and another household's is a 404. Back office: agents and managers reach the
households of their agency, accountants every household; batches are the accountants' alone.
"""

import datetime as dt
from decimal import Decimal

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

DESK = ("agent", "other_agent", "manager", "accountant")
TENANTS_OK = {"tenant": OK, "cotenant": OK, "neighbour": OK}
NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
IBAN = "BE68539007547034"


# --- builders ------------------------------------------------------------------------------------


def ensure_mandate(tenancy):
    from palier.core.crypto import iban_lookup_hash
    from palier.rent.debit_models import Mandate, MandateState

    mandate = Mandate.objects.filter(tenancy=tenancy, state=MandateState.ACTIVE).first()
    if mandate is None:
        mandate = Mandate.objects.create(
            tenancy=tenancy, reference=f"PAL-{tenancy.number}-T{Mandate.objects.count() + 1:02d}",
            creditor_id="BE69ZZZ0123456789", account_holder=tenancy.household.name, iban=IBAN,
            iban_hash=iban_lookup_hash(IBAN), iban_last4=IBAN[-4:], signed_on=dt.date(2026, 1, 15), channel="web",
        )
    return mandate


def ensure_batch(tenancy):
    from palier.rent.debit_models import Debit, DebitBatch

    batch = DebitBatch.objects.filter(reference="PALDD-GRID").first()
    if batch is None:
        batch = DebitBatch.objects.create(reference="PALDD-GRID", due_on=dt.date(2026, 12, 1))
        mandate = ensure_mandate(tenancy)
        Debit.objects.create(batch=batch, mandate=mandate, tenancy=tenancy, due_on=batch.due_on,
                             amount=Decimal("535.50"), sequence_type="FRST",
                             end_to_end_id=f"DD20261201-{tenancy.number}-{mandate.pk}")
    return batch


def ensure_plan(tenancy, state="requested"):
    from palier.rent.arrears_models import OPEN_PLAN_STATES, Instalment, PaymentPlan

    plan = PaymentPlan.objects.filter(tenancy=tenancy, state__in=OPEN_PLAN_STATES).first()
    if plan is None:
        plan = PaymentPlan.objects.create(tenancy=tenancy, state=state, debt=Decimal("300.00"),
                                          offered_monthly=Decimal("100.00"))
        if state != "requested":
            Instalment.objects.bulk_create([
                Instalment(plan=plan, number=n, due_on=dt.date(2026, 11 + n // 2, 10 if n % 2 else 20),
                           amount=Decimal("100.00")) for n in (1, 2, 3)])
    return plan


def a_returned_debit(w):
    """No URL arguments; makes sure a batch holds a debit the bank sent back (AM04) first."""
    from palier.rent.debit_models import DebitState

    debit = ensure_batch(w.tenancy).debits.first()
    if debit.state != DebitState.RETURNED:
        debit.state, debit.return_reason, debit.returned_on = DebitState.RETURNED, "AM04", dt.date(2026, 11, 20)
        debit.save(update_fields=["state", "return_reason", "returned_on"])
    return {}


def aminas_mandate(w):
    return {"pk": ensure_mandate(w.tenancy).pk}


def far_mandate(w):
    return {"pk": ensure_mandate(w.far_tenancy).pk}


def a_batch(w):
    return {"pk": ensure_batch(w.tenancy).pk}


def no_batch(w):
    return {"pk": 987654}


def aminas_plan(w):
    return {"pk": ensure_plan(w.tenancy).pk}


def far_plan(w):
    return {"pk": ensure_plan(w.far_tenancy).pk}


def ensure_proposal(tenancy):
    """An open plan of `tenancy` that its officer proposed (150.00 a month), waiting for an answer."""
    from palier.rent.arrears_models import PaymentPlan, PlanState

    plan = ensure_plan(tenancy)
    if plan.state != PlanState.PROPOSED:
        PaymentPlan.objects.filter(pk=plan.pk).update(state=PlanState.PROPOSED, proposed_monthly=Decimal("150.00"),
                                                      first_due_on=dt.date(2026, 12, 10))
    return plan


def aminas_proposal(w):
    return {"pk": ensure_proposal(w.tenancy).pk}


def far_proposal(w):
    return {"pk": ensure_proposal(w.far_tenancy).pk}


def with_aminas_mandate(w):
    """No URL arguments (nor query); Amina's household has a direct debit."""
    ensure_mandate(w.tenancy)
    return {}


def with_aminas_plan(w):
    """No URL arguments; Amina's household pays a debt of 300.00 in three instalments."""
    ensure_plan(w.tenancy, state="active")
    return {}


def aminas_running_plan(w):
    return {"pk": ensure_plan(w.tenancy, state="active").pk}


def with_arrears(w):
    """No URL arguments; Amina's household owes two months of rent."""
    from palier.core.acting import Acting
    from palier.rent.services import charge_rent

    for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        charge_rent(acting=Acting.system(), period=month)
    return {}


def amina_file(w):
    return {"pk": w.tenancy.pk}


def far_file(w):
    return {"pk": w.far_tenancy.pk}


def tenant_page(url_name: str, **kw):
    """A tenant page of the portal: its household's own, and Amina's for the helper acting for her
    with the rent scope; 404 for everyone else."""
    per = {**NEEDS_SIGN_IN, **TENANTS_OK, "helper_in_scope": OK}
    per.update(kw)
    per.setdefault("default", NOT_FOUND)
    return row(url_name, **per)


def kiosk_page(url_name: str):
    return row(url_name, kiosk=to("kiosk:sign-in"), default=NOT_FOUND)


DEBIT = Grid("debit", ("portal", "kiosk", "backoffice"), [
    # The portal: the household's direct debit and payment plan.
    tenant_page("portal:debit"),
    tenant_page("portal:debit-sign-up"),
    # Stopping: a confirmation for the household with a mandate, back to the direct debit page otherwise.
    # (`data` makes Amina's mandate before the visit; the URL itself takes no argument.)
    tenant_page("portal:debit-cancel", data=with_aminas_mandate, neighbour=to("portal:debit")),
    tenant_page("portal:payment-plan"),
    # The kiosk: the same pages once a tenant signed in; the grid's kiosk has nobody signed in.
    kiosk_page("kiosk:debit"),
    kiosk_page("kiosk:debit-sign-up"),
    kiosk_page("kiosk:debit-cancel"),
    kiosk_page("kiosk:payment-plan"),
    # The back office: mandates, for the rent staff of the household's agency and the accountants.
    staff_only("backoffice:debit-mandates", DESK),
    staff_only("backoffice:debit-mandate-new", ("agent", "manager", "accountant"), kwargs=amina_file),
    staff_only("backoffice:debit-mandate-new", ("other_agent", "accountant"), kwargs=far_file,
               label="a file of another agency"),
    staff_only("backoffice:debit-mandate-cancel", DESK, allowed=NOT_ALLOWED, kwargs=aminas_mandate),
    staff_only("backoffice:debit-mandate-cancel", ("agent", "manager", "accountant"),
               allowed=to("backoffice:debit-mandates"), kwargs=aminas_mandate, method="post"),
    staff_only("backoffice:debit-mandate-cancel", ("other_agent", "accountant"),
               allowed=to("backoffice:debit-mandates"), kwargs=far_mandate, method="post",
               label="a mandate of another agency"),
    # Batches: the accountants'.
    staff_only("backoffice:debit-batches", ("accountant",)),
    # Returned debits (R-transactions) with what their reason codes mean: the accountants'.
    staff_only("backoffice:debit-returns", ("accountant",)),
    staff_only("backoffice:debit-batches", ("accountant",), method="post", data=lambda w: {"due_on": ""},
               label="an empty date"),
    staff_only("backoffice:debit-batch", ("accountant",), kwargs=a_batch),
    staff_only("backoffice:debit-batch", (), kwargs=no_batch, label="a batch that does not exist"),
    staff_only("backoffice:debit-batch-file", ("accountant",), kwargs=a_batch),
    staff_only("backoffice:debit-batch-file", (), kwargs=no_batch, label="a batch that does not exist"),
    staff_only("backoffice:debit-batch-collected", ("accountant",), allowed=NOT_ALLOWED, kwargs=a_batch),
    staff_only("backoffice:debit-batch-collected", ("accountant",), allowed=to("backoffice:debit-batch"),
               kwargs=a_batch, method="post"),
    staff_only("backoffice:debit-batch-collected", (), kwargs=no_batch, method="post",
               label="a batch that does not exist"),
    # Arrears, reminders and payment plans.
    staff_only("backoffice:arrears", DESK),
    staff_only("backoffice:arrears-refresh", DESK, allowed=NOT_ALLOWED),
    staff_only("backoffice:arrears-refresh", DESK, allowed=to("backoffice:arrears"), method="post"),
    staff_only("backoffice:arrears-remind", DESK, allowed=NOT_ALLOWED, kwargs=amina_file),
    staff_only("backoffice:arrears-remind", ("agent", "manager", "accountant"), allowed=to("backoffice:arrears"),
               kwargs=amina_file, method="post"),
    staff_only("backoffice:arrears-remind", ("other_agent", "accountant"), allowed=to("backoffice:arrears"),
               kwargs=far_file, method="post", label="a household of another agency"),
    staff_only("backoffice:plans", DESK),
    staff_only("backoffice:plan-new", ("agent", "manager", "accountant"), kwargs=amina_file),
    staff_only("backoffice:plan-new", ("other_agent", "accountant"), kwargs=far_file,
               label="a household of another agency"),
    staff_only("backoffice:plan-detail", ("agent", "manager", "accountant"), kwargs=aminas_plan),
    staff_only("backoffice:plan-detail", ("other_agent", "accountant"), kwargs=far_plan,
               label="a plan of another agency"),
    staff_only("backoffice:plan-cancel", DESK, allowed=NOT_ALLOWED, kwargs=aminas_plan),
    staff_only("backoffice:plan-cancel", ("agent", "manager", "accountant"), allowed=to("backoffice:plan-detail"),
               kwargs=aminas_plan, method="post"),
    staff_only("backoffice:plan-cancel", ("other_agent", "accountant"), allowed=to("backoffice:plan-detail"),
               kwargs=far_plan, method="post", label="a plan of another agency"),
    # Answering the officer's proposal (last: these rows turn the households' open plans into
    # proposals, which the back-office rows above do not expect). Amina's household, and Karim for
    # her, on the portal; another household's plan is a 404 for everyone.
    # Answering the officer's proposal: Amina's household (and Karim for her); another household's
    # plan is a 404 for everyone.
    tenant_page("portal:payment-plan-answer", kwargs=aminas_proposal, neighbour=NOT_FOUND),
    row("portal:payment-plan-answer", kwargs=far_proposal, label="another household's plan", **NEEDS_SIGN_IN,
        default=NOT_FOUND),
    row("kiosk:payment-plan-answer", kwargs=aminas_proposal, kiosk=to("kiosk:sign-in"), default=NOT_FOUND),
    row("kiosk:payment-plan-answer", kwargs=far_proposal, label="another household's plan",
        kiosk=to("kiosk:sign-in"), default=NOT_FOUND),
])
