"""Exports ("My data"), erasure on request, and the retention run, built from the registry."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.audit.registry import register as register_action
from palier.audit.services import record
from palier.core.acting import Acting

from .models import Category, ErasureRequest, ProcessingActivity, RetentionRule, RetentionRun
from .registry import contributors

register_action("privacy.data_exported", gettext_lazy("Personal data exported (“My data”)"))
register_action("privacy.erasure_done", gettext_lazy("Personal data erased on request"))
register_action("privacy.retention_applied", gettext_lazy("Retention table applied"))
register_action("privacy.retention_rule_changed", gettext_lazy("Retention period changed"))
register_action("privacy.breach_recorded", gettext_lazy("Data breach recorded"))


# --- the retention table ---------------------------------------------------------------------

# STANDARDS.md "Security and privacy": Belgian defaults, editable by the administrator.
DEFAULT_RULES = {
    Category.LEDGER: (120, gettext_lazy("the end of the financial year"),
                      gettext_lazy("Accounting law: 10 years. The ledger's amounts are never deleted by Palier; "
                                   "identities in it are redacted with the lease file.")),
    Category.LEASE_FILE: (60, gettext_lazy("the end of the tenancy"),
                          gettext_lazy("Rent claims are time-barred after 5 years (Belgian Civil Code).")),
    Category.INCOME_DOCUMENTS: (0, gettext_lazy("the final rent decision"),
                                gettext_lazy("Needed only to compute the rent.")),
    Category.REPAIR_PHOTOS: (24, gettext_lazy("the closing of the repair"),
                             gettext_lazy("Proof of the work for the warranty period.")),
    Category.HELPER_MANDATES: (72, gettext_lazy("the end of the mandate"),
                               gettext_lazy("Proof of consent, after France's Aidants Connect.")),
    Category.MESSAGES: (60, gettext_lazy("the end of the tenancy"),
                        gettext_lazy("Part of the lease file.")),
    Category.SECURITY_LOGS: (12, gettext_lazy("the event"),
                             gettext_lazy("Security logs are kept 6 to 12 months.")),
}


def ensure_retention_rules() -> None:
    """Create the rules missing from the table with their default; never overwrite a change."""
    for category, (months, starts, basis) in DEFAULT_RULES.items():
        RetentionRule.objects.get_or_create(category=category,
                                            defaults={"months": months, "starts": str(starts), "basis": str(basis)})


def retention_months() -> dict[str, int]:
    ensure_retention_rules()
    return dict(RetentionRule.objects.values_list("category", "months"))


@transaction.atomic
def change_retention(*, acting: Acting, rule: RetentionRule, months: int) -> RetentionRule:
    """Raises DomainError when security logs would be kept less than 6 or more than 12 months."""
    from palier.audit.security_logs import MAX_MONTHS, MIN_MONTHS
    from palier.core.errors import DomainError

    if rule.category == Category.SECURITY_LOGS and not MIN_MONTHS <= months <= MAX_MONTHS:
        raise DomainError(_("Security logs are kept between %(low)d and %(high)d months.")
                          % {"low": MIN_MONTHS, "high": MAX_MONTHS}, field="months")
    before = rule.months
    rule.months = months
    rule.save(update_fields=["months", "updated_at"])
    record(acting, "privacy.retention_rule_changed", target=rule,
           data={"category": rule.category, "before": before, "after": months})
    return rule


def apply_retention(*, acting: Acting, now=None) -> RetentionRun:
    """Apply the retention table: every registered app purges what has expired. Each app's part
    runs in its own transaction, so one failing app does not undo the others; the run keeps the
    report of what was deleted or redacted (counts, never the data)."""
    now = now or timezone.now()
    rules = retention_months()
    run = RetentionRun.objects.create(started_by=str(acting.user or _("the scheduled job"))[:200])
    report = []
    for contributor in contributors():
        if contributor.retain is None:
            continue
        with transaction.atomic():
            for line in contributor.retain(rules, acting=acting, now=now) or []:
                report.append({"app": contributor.name, **line})
    run.report = report
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "finished_at"])
    record(acting, "privacy.retention_applied", target=run,
           data={"total": run.total, "lines": len(report)})
    return run


def cutoff(now, months: int):
    """The moment before which something counted from `now` minus `months` has expired."""
    return now - timedelta(days=round(months * 365.25 / 12))


# --- "My data" -------------------------------------------------------------------------------


def export_person(*, acting: Acting, person) -> dict:
    """Everything Palier holds about `person`, section by section (one per registered app), as
    JSON-ready data. Producing it is audited (the tenant's trail shows who exported it)."""
    sections = []
    for contributor in contributors():
        if contributor.export is None:
            continue
        sections.append({"name": contributor.name, "title": str(contributor.title),
                         "data": contributor.export(person)})
    record(acting, "privacy.data_exported", target=person, subject_person_id=person.pk)
    return {
        "generated_at": timezone.now().isoformat(),
        "about": str(person),
        "produced_by": "Palier",
        "sections": sections,
    }


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode()


def export_pdf(data: dict, *, language: str) -> bytes:
    from django.utils import translation

    from palier.documents.pdf import render_pdf

    from .readable import readable

    with translation.override(language):
        sections = readable(data)
    return render_pdf("privacy/my_data.html", {"export": data, "sections": sections}, language=language)


# --- erasure on request ----------------------------------------------------------------------


def erasure_preview(*, person) -> list[dict]:
    """What an erasure would do now, app by app, without doing it."""
    return _erase(person=person, acting=None, dry_run=True)


def _erase(*, person, acting, dry_run: bool) -> list[dict]:
    now = timezone.now()
    rules = retention_months()
    lines = []
    for contributor in contributors():
        if contributor.erase is None:
            continue
        for line in contributor.erase(person, acting=acting, now=now, rules=rules, dry_run=dry_run) or []:
            lines.append({"app": contributor.name, "title": str(contributor.title), **line})
    return lines


@transaction.atomic
def erase_on_request(*, acting: Acting, person) -> ErasureRequest:
    """Erase what the law lets Palier erase now; keep the rest (the ledger, a current lease file)
    and say why and until when. The request and its report stay, for the data-protection officer
    and for the letter to the person."""
    from django.utils import translation

    label = str(person)
    # The report is read by the person (the letter): in their language.
    with translation.override(getattr(person, "language", None) or "fr"):
        lines = _erase(person=person, acting=acting, dry_run=False)
    request = ErasureRequest.objects.create(person_id=person.pk, person_label=label[:200],
                                            handled_by=acting.user, report=lines)
    record(acting, "privacy.erasure_done", target=request, subject_person_id=person.pk,
           data={"erased": sum(1 for x in lines if x.get("erased")), "kept": sum(1 for x in lines if not x.get("erased"))})
    return request


def erasure_letter_pdf(request: ErasureRequest, *, language: str, landlord=None) -> bytes:
    from palier.documents.pdf import render_pdf

    return render_pdf("privacy/erasure_letter.html", {"erasure": request, "landlord": landlord}, language=language)


# --- the register of processing activities ---------------------------------------------------

DEFAULT_ACTIVITIES = [
    {
        "name": gettext_lazy("Tenancy management"),
        "purpose": gettext_lazy("Letting dwellings, the lease file, household composition, contact with tenants."),
        "legal_basis": gettext_lazy("Contract (the lease); legal obligation (social housing rules)"),
        "data_subjects": gettext_lazy("Tenants, co-tenants, occupants"),
        "data_categories": gettext_lazy("Identity, national register number, contact details, household, language"),
        "recipients": gettext_lazy("Landlord staff of the agency; contractors (name, phone, access notes only)"),
        "retention": gettext_lazy("5 years after the tenancy ends"),
        "safeguards": gettext_lazy("Encryption at rest of the national number; access by agency; audit trail"),
    },
    {
        "name": gettext_lazy("Rent and payments"),
        "purpose": gettext_lazy("Charging rent, recording payments, direct debits, arrears follow-up."),
        "legal_basis": gettext_lazy("Contract (the lease); legal obligation (accounting)"),
        "data_subjects": gettext_lazy("Tenants; payers"),
        "data_categories": gettext_lazy("Ledger, payments, IBANs, bank statements"),
        "recipients": gettext_lazy("Accountants; the bank; the payment provider"),
        "retention": gettext_lazy("10 years (accounting law)"),
        "safeguards": gettext_lazy("IBANs encrypted at rest with a lookup hash; every reading of an IBAN is audited"),
    },
    {
        "name": gettext_lazy("Repairs"),
        "purpose": gettext_lazy("Receiving repair requests and having the work done."),
        "legal_basis": gettext_lazy("Contract (the lease)"),
        "data_subjects": gettext_lazy("Tenants"),
        "data_categories": gettext_lazy("Request, photos taken inside the home, access notes"),
        "recipients": gettext_lazy("Technicians; contractors for their work orders"),
        "retention": gettext_lazy("Photos 2 years after the repair is closed"),
        "safeguards": gettext_lazy("Photos re-encoded without location data; served after an access check"),
    },
    {
        "name": gettext_lazy("Helper mandates"),
        "purpose": gettext_lazy("Letting a trusted helper act for a tenant, with consent."),
        "legal_basis": gettext_lazy("Consent of the tenant"),
        "data_subjects": gettext_lazy("Tenants; helpers"),
        "data_categories": gettext_lazy("Mandate, scopes, consent, journal of uses"),
        "recipients": gettext_lazy("The helper, within the scopes granted"),
        "retention": gettext_lazy("6 years after the mandate ends"),
        "safeguards": gettext_lazy("Checked on every request; every use journaled and shown to the tenant"),
    },
    {
        "name": gettext_lazy("Security of the service"),
        "purpose": gettext_lazy("Sign-in, second factor, protection against attacks, audit trail."),
        "legal_basis": gettext_lazy("Legitimate interest; legal obligation (security of processing)"),
        "data_subjects": gettext_lazy("Everyone who signs in"),
        "data_categories": gettext_lazy("Accounts, sign-in attempts, addresses (IP), audit events"),
        "recipients": gettext_lazy("Administrators; the data-protection officer"),
        "retention": gettext_lazy("Security logs 12 months"),
        "safeguards": gettext_lazy("Append-only audit log; throttling; second factor for staff"),
    },
]


def ensure_processing_register() -> None:
    """The register's first lines, in the language of the deployment; edited afterwards in the admin."""
    if ProcessingActivity.objects.exists():
        return
    for line in DEFAULT_ACTIVITIES:
        ProcessingActivity.objects.create(**{k: str(v) for k, v in line.items()})


# --- the breach register ---------------------------------------------------------------------


@transaction.atomic
def record_breach(*, acting: Acting, fields: dict):
    """Write a breach in the register (GDPR art. 33(5): every breach, notified or not)."""
    from .models import Breach

    breach = Breach.objects.create(recorded_by=acting.user, **fields)
    record(acting, "privacy.breach_recorded", target=breach, data={"people_affected": breach.people_affected})
    return breach
