"""SEPA Core direct debit: signing and ending mandates, preparing, exporting and collecting
batches, and booking the debits the bank returns.

Money rules: a batch takes, for each active mandate, the month's rent and service charges (less
any credit), plus the instalment of a running payment plan due that month. Older arrears are not
taken by surprise: a debit the account cannot cover comes back with bank fees for the tenant.
Every debit is announced to the household, through its channels, at least `notice_days()` days
before the collection date.
"""

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from palier.accounts.identifiers import normalise_phone
from palier.accounts.models import Role
from palier.audit.services import record
from palier.core.acting import Acting, Channel
from palier.core.crypto import iban_lookup_hash
from palier.core.errors import DomainError
from palier.core.formats import format_date, format_money
from palier.estates.models import Landlord
from palier.notifications.services import queue_message
from palier.tenancies.models import HouseholdRole, Person, Tenancy

from .debit_models import BatchState, Debit, DebitBatch, DebitState, Mandate, MandateState, SequenceType
from .models import EntryKind, LedgerEntry, PaymentChannel
from .services import CENT, record_payment

# Who may sign a mandate up for a household at the counter or on the phone.
DESK_ROLES = frozenset({Role.AGENT, Role.MANAGER, Role.ACCOUNTANT})
# Who prepares, exports and closes batches.
BATCH_ROLES = frozenset({Role.ACCOUNTANT})
LAPSE_MONTHS = 36
REAUTH_MAX_FAILURES = 5
REAUTH_WINDOW_SECONDS = 30 * 60


def notice_days() -> int:
    """How many days before the collection date each debit is announced (default 5)."""
    return int(getattr(settings, "PALIER_DEBIT_NOTICE_DAYS", 5))


# --- telling the household ----------------------------------------------------------------------


def signatories(tenancy: Tenancy) -> list[Person]:
    """The adults who hold the tenancy: those who receive money letters."""
    return list(
        Person.objects.filter(household_id=tenancy.household_id,
                              household_role__in=(HouseholdRole.TENANT, HouseholdRole.COTENANT))
        .select_related("user").order_by("pk")
    )


def person_channels(person: Person) -> list[tuple[str, str]]:
    """(outbox channel, address) for each channel the person chose."""
    pairs = []
    for chosen in person.channels:
        if chosen == "portal" and person.user_id:
            pairs.append(("portal", ""))
        elif chosen == "email" and person.email:
            pairs.append(("email", person.email))
        elif chosen == "sms" and person.phone:
            pairs.append(("sms", normalise_phone(person.phone)))
        elif chosen == "post":
            pairs.append(("letter", ""))
    return pairs or [("letter", "")]


def notify_household(*, acting: Acting, tenancy: Tenancy, key: str, compose) -> int:
    """Queue a message to every signatory of `tenancy` through each of their channels.
    `compose(person)` returns (subject, body) and is called in the person's language. `key`
    makes it idempotent: the same key never sends twice. Returns the number of messages queued."""
    queued = 0
    for person in signatories(tenancy):
        with translation.override(person.language):
            subject, body = compose(person)
            subject, body = str(subject), str(body)
        for channel, to in person_channels(person):
            text = f"{subject}\n{body}" if channel == "sms" else body
            queue_message(acting=acting, channel=channel, to=to, subject=subject, body=text,
                          language=person.language, user=person.user, person=person,
                          idempotency_key=f"{key}-{person.pk}-{channel}"[:100])
            queued += 1
    return queued


def officer_line(tenancy: Tenancy) -> str:
    """"Call Nadia Haddad at +32 2 555 01 11.", or the agency's number when nobody is named."""
    officer = tenancy.housing_officer
    agency = tenancy.dwelling.building.estate.agency
    phone = (officer.phone if officer and officer.phone else "") or agency.phone
    if officer:
        return _("Call %(name)s at %(phone)s.") % {"name": officer.get_full_name(), "phone": phone}
    return _("Call your agency at %(phone)s.") % {"phone": phone}


# --- checks --------------------------------------------------------------------------------------


def check_iban(value: str) -> IBAN:
    """The IBAN, checked by schwifty (country, length, check digits, national checksum)."""
    try:
        iban = IBAN(value or "")
    except (SchwiftyException, ValueError):
        raise DomainError(_("This account number (IBAN) is not valid. Check the letters and digits."),
                          field="iban") from None
    if iban.country_code not in SEPA_COUNTRIES:
        raise DomainError(_("This account is not in a SEPA country."), field="iban")
    return iban


SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA"
    .split()
)


def check_reauthentication(*, acting: Acting, secret: str) -> None:
    """The person acting proves again who they are before an account number is set: their
    password, or their PIN at a kiosk. 5 wrong tries in 30 minutes block it for a while."""
    user = acting.user
    if user is None or not user.is_authenticated:
        raise DomainError(_("Sign in first."), code="forbidden")
    key = f"palier:reauth-failures:{user.pk}"
    if cache.get(key, 0) >= REAUTH_MAX_FAILURES:
        raise DomainError(_("Too many wrong tries. Wait 30 minutes, or ask your agency."), field="secret",
                          code="locked")
    hashed = user.pin if acting.channel == Channel.KIOSK else user.password
    if not secret or not hashed or not check_password(secret, hashed):
        cache.set(key, cache.get(key, 0) + 1, REAUTH_WINDOW_SECONDS)
        if acting.channel == Channel.KIOSK:
            raise DomainError(_("This PIN is not right. Try again."), field="secret")
        raise DomainError(_("This password is not right. Try again."), field="secret")
    cache.delete(key)


def _may_act_for(acting: Acting, tenancy: Tenancy, person: Person | None) -> None:
    """Tenants act for their own household; a helper's page has already checked the mandate
    (served_person with the rent scope) and acts for `person`; staff at the desk act for any
    household they reach."""
    user = acting.user
    if user is None or not user.is_authenticated:
        raise DomainError(_("Sign in first."), code="forbidden")
    if user.role in (Role.TENANT, Role.HELPER):
        if person is None or person.household_id != tenancy.household_id:
            raise DomainError(_("You may not act for this household."), code="forbidden")
        if user.role == Role.TENANT and getattr(person, "user_id", None) != user.pk:
            raise DomainError(_("You may not act for this household."), code="forbidden")
        return
    if user.role not in DESK_ROLES:
        raise DomainError(_("You may not act for this household."), code="forbidden")


def active_mandate_of(tenancy: Tenancy) -> Mandate | None:
    return Mandate.objects.filter(tenancy=tenancy, state=MandateState.ACTIVE).first()


# --- mandates ------------------------------------------------------------------------------------


def _next_reference(tenancy: Tenancy) -> str:
    count = Mandate.objects.filter(tenancy=tenancy).count()
    return f"PAL-{tenancy.number}-{count + 1:03d}"


def sign_mandate(
    *, acting: Acting, tenancy: Tenancy, account_holder: str, iban: str, secret: str = "",
    signatory: Person | None = None, reauthenticated: bool = False,
) -> Mandate:
    """Sign a SEPA Core mandate for `tenancy`. The person acting types their password (PIN at a
    kiosk) again first, unless the caller has just confirmed it (`reauthenticated`, e.g. through
    palier.accounts.reauth.confirm_identity). When a mandate is already active for the tenancy, a new
    account is a SEPA amendment of it (`amend_mandate_iban`: same reference). The household gets the mandate
    reference and the creditor identifier through its channels.

    Raises DomainError for a wrong password, an invalid IBAN, a missing name, or when the
    landlord has no creditor identifier."""
    _may_act_for(acting, tenancy, signatory)
    holder = " ".join((account_holder or "").split())
    if not holder:
        raise DomainError(_("Write the name of the account holder, as the bank knows it."), field="account_holder")
    if len(holder) > 70:
        raise DomainError(_("The name can have at most 70 letters."), field="account_holder")
    checked = check_iban(iban)
    creditor_id = (Landlord.current().creditor_id or "").replace(" ", "")
    if not creditor_id:
        raise DomainError(_("Direct debit is not available yet. Please pay by transfer."), code="no_creditor_id")
    if not reauthenticated:
        check_reauthentication(acting=acting, secret=secret)
    compact = checked.compact
    active = Mandate.objects.filter(tenancy=tenancy, state=MandateState.ACTIVE).first()
    if active is not None:
        # A new account for an active mandate is a SEPA amendment: same reference, the bank is told
        # in the next pain.008.
        with transaction.atomic():
            if compact != active.iban:
                active = amend_mandate_iban(acting=acting, mandate=active, iban=compact, person=signatory,
                                            reauthenticated=True)
            if holder != active.account_holder:
                active.account_holder = holder
                active.save(update_fields=["account_holder"])
        return active
    bic = ""
    try:
        bic = str(checked.bic or "")
    except SchwiftyException:  # pragma: no cover - a bank registry gap
        bic = ""
    with transaction.atomic():
        replaced = list(Mandate.objects.select_for_update(of=("self",)).filter(tenancy=tenancy, state=MandateState.ACTIVE))
        now = timezone.now()
        user = acting.user if acting.is_authenticated else None
        for old in replaced:
            old.state, old.ended_at, old.ended_by = MandateState.CANCELLED, now, user
            old.save(update_fields=["state", "ended_at", "ended_by"])
        mandate = Mandate.objects.create(
            tenancy=tenancy, reference=_next_reference(tenancy), creditor_id=creditor_id, account_holder=holder,
            iban=compact, iban_hash=iban_lookup_hash(compact), iban_last4=compact[-4:], bic=bic[:11],
            signed_on=timezone.localdate(), signed_by=signatory, channel=acting.channel, created_by=user,
        )
        record(acting, "rent.mandate_signed", target=mandate,
               data={"reference": mandate.reference, "iban_last4": mandate.iban_last4,
                     "replaced": [m.reference for m in replaced]})

        def compose(person):
            return (_("Your direct debit is set up"),
                    _("From now on, we take your rent from the account ending in %(last4)s. "
                      "Before each debit, we tell you the amount and the date. "
                      "Mandate reference: %(reference)s. Creditor identifier: %(creditor)s. "
                      "You can stop it at any time in Palier or at your agency.")
                    % {"last4": mandate.iban_last4, "reference": mandate.reference, "creditor": creditor_id})

        notify_household(acting=acting, tenancy=tenancy, key=f"mandate-signed-{mandate.pk}", compose=compose)
    return mandate


def amend_mandate_iban(*, acting: Acting, mandate: Mandate, iban: str, secret: str = "",
                       person: Person | None = None, reauthenticated: bool = False) -> Mandate:
    """Change the account of an active mandate: a SEPA amendment, not a new mandate. The reference
    stays; the person acting confirms their password (PIN at a kiosk) first; the original account
    is kept until the next pain.008 has told the bank (AmdmntInd with the original debtor account,
    or SMNDA when the account is at another bank). Audited; the household is told."""
    _may_act_for(acting, mandate.tenancy, person)
    checked = check_iban(iban)
    if not reauthenticated:
        check_reauthentication(acting=acting, secret=secret)
    compact = checked.compact
    try:
        bic = str(checked.bic or "")[:11]
    except SchwiftyException:  # pragma: no cover - a bank registry gap
        bic = ""
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update(of=("self",)).select_related("tenancy").get(pk=mandate.pk)
        if mandate.state != MandateState.ACTIVE:
            raise DomainError(_("This direct debit is stopped. Set up a new one."), field="iban")
        if compact == mandate.iban:
            raise DomainError(_("This is already the account of the direct debit."), field="iban")
        if not mandate.amended_from_iban:  # a second change before any batch keeps the first original
            mandate.amended_from_iban, mandate.amended_from_bic = mandate.iban, mandate.bic
        mandate.iban, mandate.iban_hash, mandate.iban_last4, mandate.bic = (
            compact, iban_lookup_hash(compact), compact[-4:], bic)
        mandate.amended_at = timezone.now()
        mandate.save(update_fields=["iban", "iban_hash", "iban_last4", "bic", "amended_from_iban",
                                    "amended_from_bic", "amended_at"])
        record(acting, "rent.mandate_amended", target=mandate,
               data={"reference": mandate.reference, "iban_last4": mandate.iban_last4})
        tenancy = mandate.tenancy

        def compose(person):
            return (_("Your direct debit uses a new account"),
                    _("From now on, we take your rent from the account ending in %(last4)s. "
                      "The mandate reference stays %(reference)s.")
                    % {"last4": mandate.iban_last4, "reference": mandate.reference})

        notify_household(acting=acting, tenancy=tenancy, key=f"mandate-amended-{mandate.pk}-{mandate.amended_at:%s}",
                         compose=compose)
    return mandate


@transaction.atomic
def cancel_mandate(*, acting: Acting, mandate: Mandate, person: Person | None = None) -> Mandate:
    """Stop a mandate (by the household or staff). Debits already announced in an exported batch
    still go to the bank; nothing new is prepared. Cancelling twice changes nothing."""
    _may_act_for(acting, mandate.tenancy, person)
    mandate = Mandate.objects.select_for_update(of=("self",)).get(pk=mandate.pk)
    if mandate.state != MandateState.ACTIVE:
        return mandate
    mandate.state, mandate.ended_at = MandateState.CANCELLED, timezone.now()
    mandate.ended_by = acting.user if acting.is_authenticated else None
    mandate.save(update_fields=["state", "ended_at", "ended_by"])
    record(acting, "rent.mandate_cancelled", target=mandate, data={"reference": mandate.reference})
    tenancy = mandate.tenancy

    def compose(person):
        return (_("Your direct debit is stopped"),
                _("We will no longer take your rent from the account ending in %(last4)s. "
                  "Please pay your rent by transfer from now on. %(call)s")
                % {"last4": mandate.iban_last4, "call": officer_line(tenancy)})

    notify_household(acting=acting, tenancy=tenancy, key=f"mandate-cancelled-{mandate.pk}", compose=compose)
    return mandate


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def lapse_unused_mandates(*, acting: Acting, today: dt.date | None = None) -> int:
    """A mandate with no debit collected for 36 months (nor signed within them) lapses. Returns
    how many lapsed; safe to run every day."""
    today = today or timezone.localdate()
    cutoff = _months_before(today, LAPSE_MONTHS)
    stale = list(
        Mandate.objects.select_for_update(of=("self",)).filter(state=MandateState.ACTIVE, signed_on__lt=cutoff)
        .exclude(last_collected_on__gte=cutoff).select_related("tenancy__housing_officer",
                                                               "tenancy__dwelling__building__estate__agency")
    )
    now = timezone.now()
    for mandate in stale:
        mandate.state, mandate.ended_at = MandateState.LAPSED, now
        mandate.save(update_fields=["state", "ended_at"])
        tenancy = mandate.tenancy

        def compose(person, mandate=mandate, tenancy=tenancy):
            return (_("Your direct debit has ended"),
                    _("We have not used your direct debit for 3 years, so it has ended. "
                      "You can sign up again at any time. %(call)s") % {"call": officer_line(tenancy)})

        notify_household(acting=acting, tenancy=tenancy, key=f"mandate-lapsed-{mandate.pk}", compose=compose)
    if stale:
        record(acting, "rent.mandates_lapsed", data={"references": [m.reference for m in stale][:500],
                                                     "count": len(stale)})
    return len(stale)


# --- batches -------------------------------------------------------------------------------------


def _check_batch_role(acting: Acting) -> None:
    user = acting.user
    if user is not None and user.is_authenticated and user.role not in BATCH_ROLES:
        raise DomainError(_("Only an accountant may prepare and send direct debits."), code="forbidden")


def amount_to_debit(*, monthly_total: Decimal, balance: Decimal, instalment: Decimal = Decimal("0.00")) -> Decimal:
    """The month's rent and charges, less any credit, plus a payment plan's instalment."""
    base = monthly_total + balance if balance < 0 else monthly_total
    return (max(base, Decimal("0.00")) + instalment).quantize(CENT)


def _instalments_due(tenancy_ids, due_on: dt.date) -> dict[int, Decimal]:
    from .arrears_models import Instalment, InstalmentState, PlanState

    first = due_on.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    rows = (
        Instalment.objects.filter(plan__tenancy_id__in=tenancy_ids, plan__state__in=(PlanState.ACTIVE, PlanState.BEHIND),
                                  state=InstalmentState.DUE, due_on__range=(first, last))
        .values_list("plan__tenancy_id").annotate(total=Sum("amount")).order_by()
    )
    return dict(rows)


def end_to_end_id(*, due_on: dt.date, tenancy_number: str, mandate_pk: int) -> str:
    """Unique per mandate and collection date (the pair is unique in the database)."""
    return f"DD{due_on:%Y%m%d}-{tenancy_number}-{mandate_pk}"[:35]


def prepare_batch(*, acting: Acting, due_on: dt.date, today: dt.date | None = None) -> DebitBatch:
    """Prepare a batch for the collection date `due_on`: one debit per active mandate of a
    running tenancy, for `amount_to_debit`, each announced to the household now. A mandate
    already in a batch for that date is left out. Raises DomainError when the date is less than
    `notice_days()` days away, or when nothing is to be collected."""
    _check_batch_role(acting)
    today = today or timezone.localdate()
    if (due_on - today).days < notice_days():
        raise DomainError(
            _("Choose a date at least %(days)s days from today: each tenant must be told before.")
            % {"days": notice_days()}, field="due_on")
    with transaction.atomic():
        mandates = list(
            Mandate.objects.select_for_update(of=("self",)).filter(state=MandateState.ACTIVE)
            .filter(tenancy__in=Tenancy.objects.current(due_on))
            .exclude(debits__due_on=due_on)
            .select_related("tenancy__housing_officer", "tenancy__dwelling__building__estate__agency")
            .order_by("pk")
        )
        ids = [m.tenancy_id for m in mandates]
        balances = dict(
            LedgerEntry.objects.filter(tenancy_id__in=ids).values_list("tenancy_id")
            .annotate(total=Sum("amount")).order_by()
        )
        instalments = _instalments_due(ids, due_on)
        collected_before = set(
            Debit.objects.filter(mandate__in=mandates, state=DebitState.COLLECTED).values_list("mandate_id", flat=True)
        )
        batch = DebitBatch.objects.create(reference=f"PALDD-{due_on:%Y%m%d}-{timezone.now():%H%M%S%f}"[:35],
                                          due_on=due_on, created_by=acting.user if acting.is_authenticated else None)
        batch.reference = f"PALDD-{due_on:%Y%m%d}-{batch.pk}"
        batch.save(update_fields=["reference"])
        debits = []
        for mandate in mandates:
            tenancy = mandate.tenancy
            amount = amount_to_debit(monthly_total=tenancy.monthly_total,
                                     balance=balances.get(tenancy.pk) or Decimal("0.00"),
                                     instalment=instalments.get(tenancy.pk) or Decimal("0.00"))
            if amount <= 0:
                continue
            debits.append(Debit(
                batch=batch, mandate=mandate, tenancy=tenancy, due_on=due_on, amount=amount,
                sequence_type=SequenceType.RECURRING if mandate.pk in collected_before else SequenceType.FIRST,
                end_to_end_id=end_to_end_id(due_on=due_on, tenancy_number=tenancy.number, mandate_pk=mandate.pk),
                notified_at=timezone.now(),
            ))
        if not debits:
            raise DomainError(_("There is nothing to collect on this date."), field="due_on")
        try:
            with transaction.atomic():
                Debit.objects.bulk_create(debits)
        except IntegrityError:  # another batch for the same date was prepared at the same moment
            raise DomainError(_("A batch for this date was just prepared by someone else."), field="due_on") from None
        by_mandate = {d.mandate_id: d for d in Debit.objects.filter(batch=batch)}
        for mandate in mandates:
            debit = by_mandate.get(mandate.pk)
            if debit is None:
                continue

            def compose(person, debit=debit, mandate=mandate):
                return (_("Direct debit on %(date)s") % {"date": format_date(debit.due_on)},
                        _("On %(date)s, we will take %(amount)s for your rent from the account ending in %(last4)s. "
                          "Please make sure the money is there. Mandate reference: %(reference)s.")
                        % {"date": format_date(debit.due_on), "amount": format_money(debit.amount),
                           "last4": mandate.iban_last4, "reference": mandate.reference})

            notify_household(acting=acting, tenancy=mandate.tenancy, key=f"debit-notice-{debit.pk}", compose=compose)
        total = sum((d.amount for d in debits), Decimal("0.00"))
        record(acting, "rent.debit_batch_prepared", target=batch,
               data={"due_on": due_on.isoformat(), "debits": len(debits), "total": str(total)})
    return batch


def batch_totals(batch: DebitBatch) -> tuple[int, Decimal]:
    from django.db.models import Count

    totals = batch.debits.aggregate(n=Count("id"), total=Sum("amount"))
    return totals["n"], totals["total"] or Decimal("0.00")


def export_batch(*, acting: Acting, batch: DebitBatch) -> bytes:
    """The batch's pain.008 file, validated against the XSD. Built and kept the first time;
    every later export gives the same bytes. Each export is audited (the file holds IBANs)."""
    from .pain008 import build_pain008, sequence_type

    _check_batch_role(acting)
    with transaction.atomic():
        batch = DebitBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        first = not batch.xml
        if first:
            batch.xml = build_pain008(batch).decode("utf-8")
            # A debit sent as FRST after an SMNDA amendment is recorded as such.
            moved = [d.pk for d in batch.debits.select_related("mandate").exclude(mandate__amended_from_iban="")
                     .exclude(sequence_type=SequenceType.FIRST) if sequence_type(d) == SequenceType.FIRST]
            Debit.objects.filter(pk__in=moved).update(sequence_type=SequenceType.FIRST)
            # The amendments this file carries are told to the bank now.
            Mandate.objects.filter(debits__batch=batch).exclude(amended_from_iban="").update(
                amended_from_iban="", amended_from_bic="")
            batch.exported_at = timezone.now()
            if batch.state == BatchState.PREPARED:
                batch.state = BatchState.EXPORTED
            batch.save(update_fields=["xml", "exported_at", "state"])
        record(acting, "rent.debit_batch_exported", target=batch, data={"first_time": first})
    return batch.xml.encode("utf-8")


def mark_batch_collected(*, acting: Acting, batch: DebitBatch, collected_on: dt.date | None = None) -> int:
    """The bank collected the batch: book each debit still to collect as a payment by direct
    debit on the ledger (once: the ledger key is the end-to-end id). Returns how many payments
    were booked. Raises DomainError before the file was exported."""
    _check_batch_role(acting)
    collected_on = collected_on or batch.due_on
    if collected_on > timezone.localdate():
        raise DomainError(_("The money is not collected yet. Come back on the collection date."),
                          field="collected_on")
    booked = 0
    with transaction.atomic():
        batch = DebitBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if batch.state == BatchState.PREPARED:
            raise DomainError(_("Export the file and send it to the bank first."))
        if batch.state == BatchState.COLLECTED:
            return 0
        for debit in batch.debits.filter(state=DebitState.PENDING).select_related("tenancy", "mandate"):
            entry = record_payment(
                acting=acting, tenancy=debit.tenancy, amount=debit.amount, paid_on=collected_on,
                channel=PaymentChannel.DIRECT_DEBIT, label=_("Direct debit %(reference)s") % {"reference": debit.mandate.reference},
                key=f"debit:{debit.end_to_end_id}",
            )
            debit.state, debit.payment_entry = DebitState.COLLECTED, entry
            debit.save(update_fields=["state", "payment_entry"])
            Mandate.objects.filter(pk=debit.mandate_id).update(last_collected_on=collected_on)
            booked += 1
        batch.state, batch.collected_at = BatchState.COLLECTED, timezone.now()
        batch.save(update_fields=["state", "collected_at"])
        record(acting, "rent.debit_batch_collected", target=batch,
               data={"collected_on": collected_on.isoformat(), "payments": booked})
    return booked


def book_returned_debit(
    *, acting: Acting, end_to_end_id: str, amount: Decimal, reason: str, booked_on: dt.date, bank_line=None,
) -> Debit:
    """A debit came back from the bank (an R-transaction: refused, returned, or refunded to the
    tenant). Books a new ledger entry that cancels the payment (the ledger is append-only), marks
    the debit returned and tells the household, kindly, what to do. Idempotent per end-to-end
    id: the same return read twice (two overlapping statements) books nothing more.

    Raises DomainError for an unknown end-to-end id or an amount that is not that of the debit."""
    try:
        amount = Decimal(amount)
    except (TypeError, ArithmeticError, ValueError):
        raise DomainError(_("The amount is not a number."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    with transaction.atomic():
        debit = (Debit.objects.select_for_update(of=("self",)).select_related("tenancy__housing_officer", "mandate",
                                                                   "tenancy__dwelling__building__estate__agency")
                 .filter(end_to_end_id=(end_to_end_id or "").strip()).first())
        if debit is None:
            raise DomainError(_("No direct debit has this reference."), field="end_to_end_id", code="unknown")
        if debit.state == DebitState.RETURNED:
            return debit
        if amount.quantize(CENT) != debit.amount:
            raise DomainError(_("The amount returned is not the amount of the debit."), field="amount")
        entry = None
        if debit.state == DebitState.COLLECTED:
            entry = LedgerEntry.objects.create(
                tenancy=debit.tenancy, kind=EntryKind.ADJUSTMENT, booked_on=booked_on, amount=debit.amount,
                label=_("Direct debit returned by the bank")[:200], channel=PaymentChannel.DIRECT_DEBIT,
                created_by=acting.user if acting.is_authenticated else None,
                idempotency_key=f"debit-return:{debit.end_to_end_id}",
            )
        debit.state, debit.return_entry = DebitState.RETURNED, entry
        debit.return_reason, debit.returned_on = (reason or "")[:200], booked_on
        debit.save(update_fields=["state", "return_entry", "return_reason", "returned_on"])
        record(acting, "rent.debit_returned", target=debit.mandate,
               data={"end_to_end_id": debit.end_to_end_id, "amount": str(debit.amount), "reason": (reason or "")[:200],
                     "bank_line": getattr(bank_line, "pk", bank_line)})
        tenancy = debit.tenancy

        def compose(person):
            from .return_codes import for_tenant

            return (_("Your bank did not pay the direct debit"),
                    _("Your bank sent back the direct debit of %(amount)s. This can happen. "
                      "Please pay this amount by transfer when you can. "
                      "If it is difficult, we can agree on a payment plan. %(call)s")
                    % {"amount": format_money(debit.amount), "call": officer_line(tenancy)}
                    + "\n\n" + _("Why: %(why)s") % {"why": for_tenant(debit.return_reason)})

        notify_household(acting=acting, tenancy=tenancy, key=f"debit-returned-{debit.pk}", compose=compose)
    return debit


# --- reads with authorisation --------------------------------------------------------------------


def staff_mandates(user) -> QuerySet:
    """Mandates in the staff member's reach (rent staff: their agencies; accountants: all)."""
    from palier.tenancies.models import Household
    from palier.tenancies.queries import staff_households_q

    if user is None or not user.is_authenticated or user.role not in DESK_ROLES:
        return Mandate.objects.none()
    return Mandate.objects.filter(
        tenancy__household__in=Household.objects.filter(staff_households_q(user)).values("pk"))


def get_mandate_for(acting, pk) -> Mandate:
    """A mandate the staff member may see; anything else is a 404."""
    from django.http import Http404

    try:
        return staff_mandates(acting.user).select_related("tenancy__household").get(pk=pk)
    except (Mandate.DoesNotExist, ValueError):
        raise Http404 from None


def returned_debits(acting) -> QuerySet:
    """The debits returned by the banks (R-transactions), newest first: the accountant's alone."""
    _check_batch_role(acting)
    return (Debit.objects.filter(state=DebitState.RETURNED)
            .select_related("tenancy__household", "mandate", "batch").order_by("-returned_on", "-pk"))


def get_batch_for(acting, pk) -> DebitBatch:
    """A batch, for an accountant; anything else is a 404."""
    from django.http import Http404

    user = acting.user
    if user is None or not user.is_authenticated or user.role not in BATCH_ROLES:
        raise Http404
    try:
        return DebitBatch.objects.get(pk=pk)
    except (DebitBatch.DoesNotExist, ValueError):
        raise Http404 from None


def register_audit_actions() -> None:
    from django.utils.translation import gettext_lazy

    from palier.audit.registry import register

    register("rent.mandate_signed", gettext_lazy("Direct debit mandate signed"))
    register("rent.mandate_amended", gettext_lazy("Direct debit account changed (SEPA amendment)"))
    register("rent.mandate_cancelled", gettext_lazy("Direct debit mandate cancelled"))
    register("rent.mandates_lapsed", gettext_lazy("Unused direct debit mandates lapsed"))
    register("rent.debit_batch_prepared", gettext_lazy("Direct debit batch prepared"))
    register("rent.debit_batch_exported", gettext_lazy("Direct debit file downloaded"))
    register("rent.debit_batch_collected", gettext_lazy("Direct debit batch collected"))
    register("rent.debit_returned", gettext_lazy("Direct debit returned by the bank"))
    register("rent.reminder_sent", gettext_lazy("Rent reminder sent"))
    register("rent.arrears_refreshed", gettext_lazy("Arrears list computed again"))
    register("rent.plan_requested", gettext_lazy("Payment plan asked for"))
    register("rent.plan_agreed", gettext_lazy("Payment plan agreed"))
    register("rent.plan_proposed", gettext_lazy("Other payment plan proposed to the household"))
    register("rent.plan_accepted", gettext_lazy("Payment plan accepted by the household"))
    register("rent.plan_declined", gettext_lazy("Payment plan declined by the household"))
    register("rent.plan_cancelled", gettext_lazy("Payment plan cancelled"))
    register("rent.plan_completed", gettext_lazy("Payment plan completed"))
    register("rent.instalment_missed", gettext_lazy("Payment plan instalment missed"))
