"""Shared by the notices and payments tests: charge a month, pay, read a PDF."""

import datetime as dt
from decimal import Decimal

from palier.core.acting import Acting
from palier.rent.models import PaymentChannel
from palier.rent.services import charge_rent, record_payment
from palier.testing import pdf_text


def charge(month: dt.date) -> None:
    charge_rent(acting=Acting.system(), period=month)


def pay(tenancy, amount: str, on: dt.date, key: str | None = None):
    return record_payment(acting=Acting.system(), tenancy=tenancy, amount=Decimal(amount), paid_on=on,
                          channel=PaymentChannel.TRANSFER, key=key)


def document_text(document) -> str:
    with document.file.open("rb") as handle:
        return pdf_text(handle.read())
