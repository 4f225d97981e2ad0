"""What a tenant needs to pay by bank transfer: the landlord's IBAN, the amount, the structured
communication, and an EPC QR code (EPC069-12) that a banking app can scan."""

from decimal import Decimal

from segno import helpers

from palier.estates.services import compact_iban, iban_is_valid


def ogm_digits(reference: str) -> str:
    """`+++123/4567/89002+++` → `123456789002`, the form a structured reference takes in the QR code."""
    return "".join(ch for ch in reference if ch.isdigit())


def epc_qr(*, name: str, iban: str, amount: Decimal, reference: str):
    """The EPC QR code for a SEPA credit transfer, or None when the IBAN, the amount or the
    reference would make a code the bank refuses."""
    digits = ogm_digits(reference)
    if not name or not iban_is_valid(iban) or len(digits) != 12 or not (Decimal("0.01") <= amount < Decimal("1e9")):
        return None
    return helpers.make_epc_qr(
        name=name[:70], iban=compact_iban(iban), amount=amount.quantize(Decimal("0.01")), reference=digits,
    )


# The QR code of a (landlord, amount, reference) never changes: it is drawn once, then read from the
# cache (drawing it is a good part of the rent page's time).
QR_CACHE_SECONDS = 24 * 3600


def epc_qr_data_uri(*, name: str, iban: str, amount: Decimal, reference: str) -> str:
    import hashlib

    from django.core.cache import cache

    key = "epcqr:" + hashlib.sha256(f"{name}|{iban}|{amount}|{reference}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    qr = epc_qr(name=name, iban=iban, amount=amount, reference=reference)
    uri = qr.svg_data_uri(scale=4, border=4) if qr is not None else ""
    cache.set(key, uri, QR_CACHE_SECONDS)
    return uri


def payment_amount(*, balance: Decimal, monthly_total: Decimal) -> Decimal:
    """What to pay now: what is owed; when nothing is owed, the next month, less any credit."""
    if balance > 0:
        return balance
    return max(monthly_total + balance, Decimal("0.00"))

