"""Online payments: start one (the tenant is sent to the provider's checkout), and apply what the
provider says about it. A paid payment books one ledger payment, channel "online", at most once
however many times the webhook arrives and however many at once."""

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from ..models import LedgerEntry, PaymentChannel
from ..payment_models import OnlinePayment, OnlinePaymentStatus
from .base import ProviderError, ProviderPayment, get_provider

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")
# The most one online payment may be: a guard against a typing slip (45000 for 450.00).
MAX_ONLINE_AMOUNT = Decimal("5000.00")


def clean_amount(value) -> Decimal:
    """The amount typed by a tenant ("450,50" or "450.50"), checked; raises DomainError(field="amount")."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter an amount in euros, for example 450,50."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("The amount can have at most two decimals."), field="amount")
    if amount > MAX_ONLINE_AMOUNT:
        raise DomainError(_("You can pay at most %(max)s at once online.") % {"max": f"{MAX_ONLINE_AMOUNT:.2f} €"},
                          field="amount")
    return amount


def absolute(path: str) -> str:
    return settings.PALIER_BASE_URL.rstrip("/") + path


def start_online_payment(*, acting: Acting, tenancy, amount, person=None, return_url: str | None = None,
                         language: str = "fr") -> OnlinePayment:
    """Create a payment for `tenancy` at the configured provider; its `checkout_url` is where to
    send the payer. The row is written first (so a crash after the provider call leaves a trace),
    then the provider is called outside any transaction. Raises DomainError when the amount is
    wrong or the provider cannot be reached."""
    amount = clean_amount(amount)
    provider = get_provider()
    user = acting.user if acting.is_authenticated else None
    with transaction.atomic():
        payment = OnlinePayment.objects.create(tenancy=tenancy, person=person, provider=provider.name, amount=amount,
                                               channel=acting.channel, created_by=user)
        record(acting, "rent.online_payment_started", target=tenancy,
               subject_person_id=getattr(person, "pk", None),
               data={"amount": str(amount), "provider": provider.name, "payment": str(payment.public_id)})
    redirect_url = return_url or absolute(reverse("portal:pay-return", kwargs={"public_id": payment.public_id}))
    try:
        created = provider.create_payment(
            amount=amount, description=_("Rent %(number)s") % {"number": tenancy.number},
            redirect_url=redirect_url, webhook_url=absolute(reverse("payments:webhook")),
            reference=f"palier-{payment.public_id}", locale=language,
        )
    except ProviderError as exc:
        logger.warning("online payment %s could not be created: %s", payment.pk, exc)
        OnlinePayment.objects.filter(pk=payment.pk).update(status=OnlinePaymentStatus.FAILED)
        raise DomainError(_("Online payment is not available right now. Try again later, or pay by transfer."),
                          code="provider") from exc
    payment.provider_id = created.id
    payment.checkout_url = created.checkout_url
    payment.save(update_fields=["provider_id", "checkout_url", "updated_at"])
    return payment


def apply_provider_status(*, provider_id: str) -> OnlinePayment | None:
    """What a webhook does with the only thing it carries, an id: ask the provider for that
    payment's status and apply it. Unknown ids are ignored without calling anyone (a forged call
    changes nothing). Raises ProviderError when the provider cannot be reached (answer 5xx, so it
    tries again)."""
    provider_id = (provider_id or "").strip()[:80]
    if not provider_id:
        return None
    known = OnlinePayment.objects.filter(provider_id=provider_id).first()
    if known is None:
        return None
    if known.ledger_entry_id is not None:
        return known  # applied already: no need to ask again
    fetched = get_provider(known.provider).fetch_payment(provider_id)
    return _apply(payment_pk=known.pk, fetched=fetched)


def refresh_online_payment(*, payment: OnlinePayment) -> OnlinePayment:
    """The return page asks too (the webhook may be late, or unable to reach a test machine)."""
    if payment.is_final or not payment.provider_id:
        return payment
    try:
        return apply_provider_status(provider_id=payment.provider_id) or payment
    except ProviderError as exc:
        logger.warning("online payment %s: status not fetched: %s", payment.pk, exc)
        return payment


def _apply(*, payment_pk: int, fetched: ProviderPayment) -> OnlinePayment:
    acting = Acting.system()
    with transaction.atomic():
        # The row lock makes concurrent webhooks for one payment wait for each other (PostgreSQL);
        # SQLite runs write transactions one at a time. The ledger's unique key is the last guard.
        payment = OnlinePayment.objects.select_for_update().select_related("tenancy").get(pk=payment_pk)
        if payment.ledger_entry_id is not None or payment.is_final or payment.status == fetched.status:
            return payment
        if fetched.status not in OnlinePaymentStatus.values:
            return payment
        previous = payment.status
        payment.status = fetched.status
        if fetched.status == OnlinePaymentStatus.PAID:
            if fetched.currency != "EUR" or fetched.amount <= 0:
                logger.error("online payment %s: paid in %s %s, not booked", payment.pk, fetched.amount,
                             fetched.currency)
            else:
                payment.ledger_entry = _book(acting, payment, fetched.amount)
        payment.save(update_fields=["status", "ledger_entry", "updated_at"])
        record(acting, "rent.online_payment_updated", target=payment.tenancy,
               subject_person_id=payment.person_id,
               data={"payment": str(payment.public_id), "from": previous, "to": payment.status,
                     "amount": str(fetched.amount)})
    return payment


def _book(acting: Acting, payment: OnlinePayment, amount: Decimal) -> LedgerEntry:
    from ..services import record_payment

    key = f"online:{payment.provider}:{payment.provider_id}"
    try:
        with transaction.atomic():
            return record_payment(acting=acting, tenancy=payment.tenancy, amount=amount,
                                  paid_on=timezone.localdate(), channel=PaymentChannel.ONLINE,
                                  label=_("Online payment"), key=key)
    except IntegrityError:
        return LedgerEntry.objects.get(idempotency_key=key)


def paid_on(payment: OnlinePayment) -> dt.date | None:
    return payment.ledger_entry.booked_on if payment.ledger_entry_id else None
