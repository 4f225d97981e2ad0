"""Bank statements in the back office (URL namespace `backoffice`, bank pages): the accountants
import and decide; the managers may read; every other member of staff gets 404, and so do tenants,
helpers, contractors and kiosks. A line or an import that does not exist is a 404 for everybody."""

from pathlib import Path

from .framework import NOT_ALLOWED, Grid, staff_only, to

READERS = ("accountant", "manager")
ACCOUNTANTS = ("accountant",)
SAMPLE = Path(__file__).resolve().parent.parent / "rent" / "tests" / "files" / "coda_212.cod"
NOWHERE = 10**9


def _import(w):
    """The statement of 27 November, imported by Claire (once; the same file again changes nothing)."""
    from palier.core.acting import Acting
    from palier.rent.bank.imports import import_statement_file

    assert w.tenant_person and w.neighbour_person  # Amina and Jan, whose transfers the statement holds
    return import_statement_file(acting=Acting(user=w.accountant), file_name="coda_212.cod",
                                 content=SAMPLE.read_bytes()).bank_import


def an_import(w):
    return {"pk": _import(w).pk}


def with_an_import(w):
    """No URL arguments; makes sure the statement is imported first."""
    assert _import(w)
    return {}


def a_line_in_review(w):
    """The hall rental paid by a local association: waiting for a decision."""
    return {"pk": _import(w).lines.get(counterparty_name="ASBL LES AMIS DU QUARTIER").pk}


def nowhere(w):
    return {"pk": NOWHERE}


def stale_choice(w):
    return {"tenancy": w.tenancy.pk, "version": 0}


def unknown_tenancy(w):
    return {"tenancy": NOWHERE, "version": 1}


BANK = Grid("bank", ("backoffice",), [
    staff_only("backoffice:bank-imports", READERS),
    # Posting without a file: the accountant sees the form's error; a manager may not upload.
    staff_only("backoffice:bank-imports", ACCOUNTANTS, method="post", label="an upload without a file"),
    staff_only("backoffice:bank-import", READERS, kwargs=an_import),
    staff_only("backoffice:bank-import", (), kwargs=nowhere, label="an import that does not exist"),
    # The original file holds every payer's name and account: the accountants only.
    staff_only("backoffice:bank-import-file", ACCOUNTANTS, kwargs=an_import),
    staff_only("backoffice:bank-import-file", (), kwargs=nowhere, label="an import that does not exist"),
    staff_only("backoffice:bank-review", READERS),
    staff_only("backoffice:bank-line", READERS, kwargs=a_line_in_review),
    staff_only("backoffice:bank-line", (), kwargs=nowhere, label="a line that does not exist"),
    staff_only("backoffice:bank-line", ACCOUNTANTS, kwargs=a_line_in_review, method="post",
               data=lambda w: {"note": "", "version": 1}, label="not for rent without a reason"),
    staff_only("backoffice:bank-line-match", ACCOUNTANTS, allowed=NOT_ALLOWED, kwargs=a_line_in_review),
    # A decision made on an old version of the line goes back to the line, which says so.
    staff_only("backoffice:bank-line-match", ACCOUNTANTS, allowed=to("backoffice:bank-line"),
               kwargs=a_line_in_review, method="post", data=stale_choice, label="an outdated version"),
    staff_only("backoffice:bank-line-match", (), kwargs=a_line_in_review, method="post", data=unknown_tenancy,
               label="a tenancy that does not exist"),
    staff_only("backoffice:bank-line-match", (), kwargs=nowhere, method="post", data=stale_choice,
               label="a line that does not exist"),
    staff_only("backoffice:bank-line-split", ACCOUNTANTS, kwargs=a_line_in_review),
    staff_only("backoffice:bank-line-split", ACCOUNTANTS, kwargs=a_line_in_review, method="post",
               label="an empty split"),
    staff_only("backoffice:bank-line-split", (), kwargs=nowhere, label="a line that does not exist"),
])
