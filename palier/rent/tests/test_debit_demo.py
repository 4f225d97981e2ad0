"""The demo: a few households pay by direct debit, Joseph has a payment plan."""

from io import StringIO

from django.core.management import call_command

from palier.rent.arrears_models import PaymentPlan, PlanState
from palier.rent.debit_demo import demo_iban, seed_debit
from palier.rent.debit_models import Mandate
from palier.rent.direct_debit import check_iban


def test_the_demo_tenant_pays_by_direct_debit_and_joseph_has_a_plan(db):
    call_command("seed_demo", dwellings=12, stdout=StringIO())
    assert Mandate.objects.filter(tenancy__household__persons__user__username="demo-tenant").exists()
    assert Mandate.objects.count() >= 3
    plan = PaymentPlan.objects.get(tenancy__household__persons__user__username="demo-kiosk-tenant")
    assert plan.state == PlanState.ACTIVE
    assert sum(i.amount for i in plan.instalments.all()) == plan.debt
    assert seed_debit() == 0


def test_the_demo_account_numbers_pass_the_bank_checks():
    for n in range(1, 10):
        assert check_iban(demo_iban(n)).compact == demo_iban(n)
