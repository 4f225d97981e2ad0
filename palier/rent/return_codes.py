"""Why a direct debit came back: the ISO 20022 reason codes of R-transactions (returns, refusals,
refunds, rejects, as the SEPA rulebook lists them) in plain words. The accountant reads what
happened and what to do; the tenant reads, kindly, what it means for them.

`reason` is what the bank statement said (CODA or camt.053): often just the code ("AM04"),
sometimes the code and a few words ("AM04 insufficient funds"). An unknown or missing code gets the
general explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What the tenant reads, shared by codes that mean the same thing to them.
TENANT_ACCOUNT = _("Your bank says this account number is wrong or closed. "
                   "Please give us the number of the account you use now.")
TENANT_BLOCKED = _("Your bank does not allow direct debits on this account. "
                   "You can ask your bank to allow them, or pay by transfer.")
TENANT_FUNDS = _("There was not enough money on the account that day. This happens to many people.")
TENANT_REFUSED = _("The debit was refused or paid back at the account holder's request. "
                   "If this was a mistake, tell us.")
TENANT_MANDATE = _("Your bank has no valid direct debit agreement for us. We can sign a new one with you.")
TENANT_DECEASED = _("The bank told us the account holder has died. We are very sorry. "
                    "Please contact us: we will help you.")
TENANT_TECHNICAL = _("It was a technical problem between the banks. It is not your fault.")
TENANT_UNKNOWN = _("Your bank did not tell us why.")


@dataclass(frozen=True)
class ReturnCode:
    code: str
    staff: Promise  # what happened and what to do, for the accountant
    tenant: Promise  # what it means for the tenant, kindly


_CODES = [
    ReturnCode("AC01", _("Wrong account number (IBAN): the account does not exist at that bank. "
                         "Ask the tenant for the right account and amend the mandate."), TENANT_ACCOUNT),
    ReturnCode("AC04", _("Account closed. Ask the tenant for their new account; the mandate cannot be used "
                         "as it is."), TENANT_ACCOUNT),
    ReturnCode("AC06", _("Account blocked, or blocked for direct debits by the account holder. "
                         "Ask the tenant to lift the block or to pay by transfer."), TENANT_BLOCKED),
    ReturnCode("AC13", _("The account is not a consumer account this kind of debit can use."), TENANT_BLOCKED),
    ReturnCode("AG01", _("Direct debits are not allowed on this kind of account (for example a savings "
                         "account). Ask for another account."), TENANT_BLOCKED),
    ReturnCode("AG02", _("The bank could not process the operation (wrong operation code). "
                         "A technical error: check the file."), TENANT_TECHNICAL),
    ReturnCode("AM04", _("Not enough money on the account. Contact the tenant kindly; offer a payment plan "
                         "if it happens again."), TENANT_FUNDS),
    ReturnCode("AM05", _("Duplicate: the same debit was collected twice. Check the batch."), TENANT_TECHNICAL),
    ReturnCode("BE05", _("The bank does not know our creditor identifier. Check the creditor id with our bank."),
               TENANT_TECHNICAL),
    ReturnCode("FF01", _("The file or the debit was not in a valid format. A technical error: check the file."),
               TENANT_TECHNICAL),
    ReturnCode("MD01", _("No valid mandate at the debtor's bank (or the debtor says they never signed it). "
                         "Check the mandate; sign a new one if needed."), TENANT_MANDATE),
    ReturnCode("MD02", _("Mandate data missing or wrong (reference, date, creditor id). Check the mandate."),
               TENANT_MANDATE),
    ReturnCode("MD06", _("The account holder asked their bank to pay the debit back (allowed for eight weeks). "
                         "Contact the tenant to understand why."), TENANT_REFUSED),
    ReturnCode("MD07", _("The account holder has died. Handle with care: contact the household."),
               TENANT_DECEASED),
    ReturnCode("MS02", _("The account holder refused the debit, without giving a reason. Contact the tenant."),
               TENANT_REFUSED),
    ReturnCode("MS03", _("The bank gave no reason. Contact the tenant, and ask our bank if it happens again."),
               TENANT_UNKNOWN),
    ReturnCode("RC01", _("The bank identifier (BIC) is wrong. Check the account details of the mandate."),
               TENANT_ACCOUNT),
    ReturnCode("RR01", _("Regulatory reason: the debtor's identity or account details are missing. "
                         "Check the mandate."), TENANT_TECHNICAL),
    ReturnCode("RR02", _("Regulatory reason: the debtor's name or address is missing. Check the mandate."),
               TENANT_TECHNICAL),
    ReturnCode("RR03", _("Regulatory reason: our name or address is missing. Check the creditor settings."),
               TENANT_TECHNICAL),
    ReturnCode("RR04", _("Regulatory reason given by the bank, without detail. Ask our bank."), TENANT_TECHNICAL),
    ReturnCode("SL01", _("A service of the debtor's bank stopped it (for example a list of allowed or blocked "
                         "creditors). Ask the tenant to allow our debits."), TENANT_BLOCKED),
]
CODES: dict[str, ReturnCode] = {c.code: c for c in _CODES}
UNKNOWN_STAFF = _("The bank gave a reason we do not know. Read the bank statement line, and ask our bank if needed.")

_CODE_RE = re.compile(r"\b([A-Z]{2}\d{2}|[A-Z]{4})\b")


def code_of(reason: str | None) -> str:
    """The known reason code found in what the bank said, or "" (none, or one we do not know)."""
    for candidate in _CODE_RE.findall((reason or "").upper()):
        if candidate in CODES:
            return candidate
    return ""


def for_staff(reason: str | None) -> str:
    found = CODES.get(code_of(reason))
    return str(found.staff if found else UNKNOWN_STAFF)


def for_tenant(reason: str | None) -> str:
    found = CODES.get(code_of(reason))
    return str(found.tenant if found else TENANT_UNKNOWN)
