"""A bank statement for the demo: the accountant finds it imported, most transfers matched by their
structured communication, and a few lines waiting in the review queue (a payer who forgot the
communication, a hall rental, a partial payment), plus a supplier's invoice that is not rent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from palier.core.acting import Acting
from palier.tenancies.models import Tenancy

from ..bank_models import BankImport
from .imports import import_statement_file
from .samples import Movement, camt053_file, camt053_statement


def _digits(reference: str) -> str:
    return "".join(ch for ch in reference if ch.isdigit())


def seed_bank(*, transfers: int = 12, today: dt.date | None = None) -> int:
    """Import one statement of today for the last tenancies; returns its number of lines (0 when
    a statement was already imported, or there is no tenancy)."""
    if BankImport.objects.exists():
        return 0
    day = today or timezone.localdate()
    # The last tenancies: the first ones are the demo sign-ins, who still owe this month (see the README).
    tenancies = list(Tenancy.objects.order_by("-pk").select_related("household")[:transfers + 3])
    if len(tenancies) < 3:
        return 0
    movements = []
    for i, tenancy in enumerate(tenancies[:-3], start=1):
        movements.append(Movement(tenancy.monthly_total, day, name=tenancy.household.name.upper(),
                                  iban=f"BE{i + 10:02d}0000{tenancy.pk:08d}"[:16], ogm=_digits(tenancy.payment_reference),
                                  reference=f"DEMO{day:%y%m%d}{i:04d}"))
    forgot, partial, _spare = tenancies[-3:]
    movements += [
        Movement(forgot.monthly_total, day, name=forgot.household.name.upper(), iban="BE71096123456769",
                 text="loyer", reference=f"DEMO{day:%y%m%d}9001"),
        Movement(Decimal("100.00"), day, name=partial.household.name.upper(), iban="BE43068999999501",
                 text=f"acompte {partial.payment_reference}", reference=f"DEMO{day:%y%m%d}9002"),
        Movement(Decimal("75.00"), day, name="ASBL LES AMIS DU QUARTIER", iban="BE62510007547061",
                 text="Location salle commune", reference=f"DEMO{day:%y%m%d}9003"),
        Movement(Decimal("-1250.00"), day, name="ELECTRO SERVICES SPRL", iban="BE56091000000088",
                 text="Facture 2026-118", reference=f"DEMO{day:%y%m%d}9004"),
    ]
    content = camt053_file([camt053_statement(number=1, opening=Decimal("48210.35"), opening_date=day,
                                              closing_date=day, movements=movements)], created=day)
    outcome = import_statement_file(acting=Acting.system(), file_name=f"releve-{day:%Y-%m-%d}.xml", content=content)
    return outcome.bank_import.lines.count()
