"""Direct debit and a payment plan for the demo: Samira El Idrissi (the demo tenant) and a few other
households pay by direct debit; Joseph Mbuyi (the kiosk tenant, 79) pays this month's rent in three
instalments, agreed with the demo accountant. Idempotent: a second run adds nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from palier.accounts.models import Role, User
from palier.core.acting import Acting, Channel
from palier.core.crypto import iban_lookup_hash
from palier.estates.models import Landlord
from palier.tenancies.models import HouseholdRole, Person

from . import arrears
from .debit_models import Mandate, MandateState

DEMO_TENANT = "demo-tenant"
DEMO_KIOSK_TENANT = "demo-kiosk-tenant"
DEMO_ACCOUNTANT = "demo-accountant"
OTHER_MANDATES = 5


def demo_iban(n: int) -> str:
    """A valid, fictional Belgian account number: bank 000, account n, national and IBAN checks."""
    base = f"000{n:07d}"
    national = int(base) % 97 or 97
    bban = f"{base}{national:02d}"
    check = 98 - int(f"{bban}111400") % 97
    return f"BE{check:02d}{bban}"


def _mandate(person: Person, n: int) -> bool:
    tenancy = person.household.tenancies.order_by("-start_date").first()
    if tenancy is None or Mandate.objects.filter(tenancy=tenancy, state=MandateState.ACTIVE).exists():
        return False
    iban = demo_iban(n)
    Mandate.objects.create(
        tenancy=tenancy, reference=f"PAL-{tenancy.number}-001", creditor_id=Landlord.current().creditor_id or "",
        account_holder=person.full_name[:70], iban=iban, iban_hash=iban_lookup_hash(iban), iban_last4=iban[-4:],
        signed_on=timezone.localdate() - dt.timedelta(days=40 + n), signed_by=person, channel=Channel.WEB,
    )
    return True


def seed_debit() -> int:
    """Returns how many mandates and plans were written."""
    written = 0
    demo = Person.objects.filter(user__username=DEMO_TENANT).select_related("household").first()
    if demo is not None:
        written += _mandate(demo, 1)
    others = (Person.objects.filter(household_role=HouseholdRole.TENANT).exclude(user__username__startswith="demo-")
              .select_related("household").order_by("pk")[:OTHER_MANDATES])
    for n, person in enumerate(others, start=2):
        written += _mandate(person, n)
    joseph = Person.objects.filter(user__username=DEMO_KIOSK_TENANT).first()
    accountant = User.objects.filter(username=DEMO_ACCOUNTANT, role=Role.ACCOUNTANT).first()
    if joseph is not None and accountant is not None:
        tenancy = joseph.household.tenancies.order_by("-start_date").first()
        owed = arrears.owed_by(tenancy) if tenancy else Decimal("0")
        if tenancy is not None and owed > 0 and arrears.open_plan_of(tenancy) is None:
            today = timezone.localdate()
            first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=10)
            monthly = (owed / 3).quantize(Decimal("0.01")) + Decimal("0.01")
            arrears.agree_plan(acting=Acting(user=accountant), tenancy=tenancy, monthly=monthly, first_due_on=first,
                               note="Pension paid on the 10th.", today=today)
            written += 1
    return written
