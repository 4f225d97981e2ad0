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

from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting
from palier.core.errors import DomainError

from ..models import EntryKind, LedgerEntry, PaymentChannel
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
    wrong, the provider cannot be reached, or too many payments were started in a short time
    for this tenancy or from this address (code "throttled", see `throttle`)."""
    amount = clean_amount(amount)
    from .throttle import throttle_payment_start

    throttle_payment_start(acting=acting, tenancy=tenancy)
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
    # A paid payment is asked again too: a refund or a chargeback comes through the same webhook.
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
        payment = OnlinePayment.objects.select_for_update(of=("self",)).select_related("tenancy").get(pk=payment_pk)
        if (payment.ledger_entry_id is None and not payment.is_final and payment.status != fetched.status
                and fetched.status in OnlinePaymentStatus.values):
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
        if payment.ledger_entry_id is not None:
            _apply_reversals(acting, payment, fetched)
    return payment


# What the provider reports, the ledger entry kind it books, the audit action, the label.
REVERSALS = (
    ("refund", "refunded_amount", "amount_refunded", EntryKind.REFUND, "rent.online_payment_refunded"),
    ("chargeback", "charged_back_amount", "amount_charged_back", EntryKind.ADJUSTMENT,
     "rent.online_payment_charged_back"),
)


def _apply_reversals(acting: Acting, payment: OnlinePayment, fetched: ProviderPayment) -> None:
    """Book what the provider newly reports as refunded or charged back: each increase of its totals
    once (the payment row is locked by the caller; the ledger key holds the new total, so the same
    report twice, or twenty at once, books nothing more). Never more than was paid."""
    # Read after the lock (a statement of its own): the entry a concurrent webhook has just booked.
    paid = -LedgerEntry.objects.get(pk=payment.ledger_entry_id).amount
    for name, field, reported, kind, action in REVERSALS:
        total = min(max(getattr(fetched, reported) or Decimal("0"), Decimal("0")), paid).quantize(CENT)
        booked = getattr(payment, field)
        if total <= booked:
            continue
        key = f"online-{name}:{payment.provider}:{payment.provider_id}:{int(total * 100)}"
        label = _("Online payment refunded") if name == "refund" else _("Online payment taken back by the bank")
        try:
            with transaction.atomic():
                entry = LedgerEntry.objects.create(
                    tenancy=payment.tenancy, kind=kind, booked_on=timezone.localdate(), amount=total - booked,
                    label=label, channel=PaymentChannel.ONLINE, idempotency_key=key)
        except IntegrityError:
            entry = LedgerEntry.objects.get(idempotency_key=key)
        setattr(payment, field, total)
        payment.save(update_fields=[field, "updated_at"])
        record(acting, action, target=payment.tenancy, subject_person_id=payment.person_id,
               data={"payment": str(payment.public_id), "amount": str(total - booked), "total": str(total),
                     "entry": entry.pk})


# Who may pay an online payment back: the accountants.
REFUND_ROLES = frozenset({Role.ACCOUNTANT})


def refundable(payment: OnlinePayment) -> Decimal:
    """What can still be paid back: what was paid, less refunds and chargebacks."""
    if payment.ledger_entry_id is None:
        return Decimal("0.00")
    paid = -LedgerEntry.objects.filter(pk=payment.ledger_entry_id).values_list("amount", flat=True).get()
    return max(paid - payment.refunded_amount - payment.charged_back_amount, Decimal("0.00"))


def refund_online_payment(*, acting: Acting, payment: OnlinePayment, amount) -> OnlinePayment:
    """The accountant pays back part or all of a paid online payment, through its provider. The
    refund is booked on the ledger once the provider reports it (asked at once, then by webhook).
    Audited; raises DomainError when not allowed, the amount is wrong or the provider refuses."""
    user = acting.user if acting.is_authenticated else None
    if user is None or user.role not in REFUND_ROLES:
        raise DomainError(_("Only an accountant may refund an online payment."), code="forbidden")
    try:
        amount = Decimal(str(amount).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter an amount in euros, for example 450,50."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if amount != amount.quantize(CENT):
        raise DomainError(_("The amount can have at most two decimals."), field="amount")
    provider = get_provider(payment.provider)
    with transaction.atomic():
        # Locked while the provider is asked: two clicks cannot pay back more than was paid.
        payment = OnlinePayment.objects.select_for_update(of=("self",)).select_related("tenancy").get(pk=payment.pk)
        if payment.status != OnlinePaymentStatus.PAID or payment.ledger_entry_id is None:
            raise DomainError(_("Only a paid online payment can be refunded."), field="amount")
        left = refundable(payment)
        if amount > left:
            raise DomainError(_("At most %(max)s can be refunded.") % {"max": f"{left:.2f} €"}, field="amount")
        try:
            refund_id = provider.create_refund(payment.provider_id, amount=amount,
                                               description=_("Refund %(number)s") % {"number": payment.tenancy.number})
            fetched = provider.fetch_payment(payment.provider_id)
        except ProviderError as exc:
            logger.warning("online payment %s: refund refused: %s", payment.pk, exc)
            raise DomainError(_("The payment provider did not accept the refund. Try again later."),
                              code="provider") from exc
        record(acting, "rent.online_refund_requested", target=payment.tenancy, subject_person_id=payment.person_id,
               data={"payment": str(payment.public_id), "amount": str(amount), "refund": refund_id})
        return _apply(payment_pk=payment.pk, fetched=fetched)


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
