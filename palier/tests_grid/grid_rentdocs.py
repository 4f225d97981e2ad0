"""Rent documents and online payment: the portal's documents and pay pages, the kiosk's rent
pages, the payment webhook and the sandbox provider's test checkout (URL namespace `payments`)."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, public, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
TENANTS_OK = {"tenant": OK, "cotenant": OK, "neighbour": OK}
PDF = b"%PDF-1.7\n% grid\n"


def _document(tenancy, title):
    from palier.core.acting import Acting
    from palier.documents.models import DocumentKind
    from palier.documents.services import store_document

    return store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                          title=title, content=PDF, language="fr", key=f"grid:{tenancy.pk}")


def aminas_document(w):
    return {"pk": _document(w.tenancy, "Avis d'échéance").pk}


def neighbours_document(w):
    return {"pk": _document(w.neighbour_tenancy, "Huurbericht").pk}


def with_aminas_documents(w):
    """No URL arguments; makes sure Amina's household has a document in its vault first."""
    assert aminas_document(w)
    return {}


def _payment(tenancy, person):
    from palier.core.acting import Acting
    from palier.rent.payments.services import start_online_payment

    return start_online_payment(acting=Acting(user=person.user), tenancy=tenancy, amount="10.00", person=person)


def aminas_payment(w):
    return {"public_id": _payment(w.tenancy, w.tenant_person).public_id}


def neighbours_payment(w):
    return {"public_id": _payment(w.neighbour_tenancy, w.neighbour_person).public_id}


def kiosk_pay_link(w):
    from palier.rent.payments.links import pay_link_token

    return {"token": pay_link_token(tenancy_id=w.tenancy.pk, person_id=w.tenant_person.pk)}


def sandbox_payment(w):
    return {"payment_id": _payment(w.tenancy, w.tenant_person).provider_id}


def _rent_notice(tenancy):
    """A rent notice in the vault, keyed like the real ones (`rent_notice:<tenancy>:...`)."""
    from palier.core.acting import Acting
    from palier.documents.models import DocumentKind
    from palier.documents.services import store_document

    return store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                          title="Avis d'échéance", content=PDF, language="fr", key=f"rent_notice:{tenancy.pk}:grid")


def aminas_rent_file(w):
    return {"pk": w.tenancy.pk}


def aminas_rent_file_with_a_notice(w):
    """Amina's file, with a rent notice in her household's vault (for the accessibility run)."""
    assert _rent_notice(w.tenancy)
    return {"pk": w.tenancy.pk}


def aminas_file_with_a_paid_payment(w):
    """Amina's file, with a paid online payment (for the accessibility run)."""
    from palier.rent.payment_models import SandboxPayment
    from palier.rent.payments.services import apply_provider_status

    payment = _payment(w.tenancy, w.tenant_person)
    SandboxPayment.objects.filter(pk=payment.provider_id).update(status="paid")
    apply_provider_status(provider_id=payment.provider_id)
    return {"pk": w.tenancy.pk}


def far_rent_file(w):
    return {"pk": w.far_tenancy.pk}


def aminas_rent_notice(w):
    return {"pk": w.tenancy.pk, "doc_pk": _rent_notice(w.tenancy).pk}


def far_rent_notice(w):
    return {"pk": w.far_tenancy.pk, "doc_pk": _rent_notice(w.far_tenancy).pk}


def far_notice_through_aminas_file(w):
    return {"pk": w.tenancy.pk, "doc_pk": _rent_notice(w.far_tenancy).pk}


RENT_STAFF_HERE = ("agent", "manager", "accountant")
RENT_STAFF_FAR = ("other_agent", "accountant")
BACK_TO_DOCUMENTS = to("backoffice:tenant-rent-documents")
BACK_TO_PAYMENTS = to("backoffice:tenant-online-payments")


def backoffice_rows() -> list:
    """Back office: a tenancy's rent documents, for the rent staff of its agency and accountants.
    A document is reached only through its own tenancy's file (another file's number gives 404)."""
    return [
        staff_only("backoffice:tenant-rent-documents", RENT_STAFF_HERE, kwargs=aminas_rent_file),
        staff_only("backoffice:tenant-rent-documents", RENT_STAFF_FAR, kwargs=far_rent_file,
                   label="a file of another agency"),
        staff_only("backoffice:tenant-rent-documents", RENT_STAFF_HERE, allowed=OK, kwargs=aminas_rent_file,
                   method="post", data=lambda w: {"what": "receipt", "receipt-month": "1999-01"},
                   label="a month that is not offered"),
        staff_only("backoffice:tenant-rent-document", RENT_STAFF_HERE, kwargs=aminas_rent_notice),
        staff_only("backoffice:tenant-rent-document", RENT_STAFF_FAR, kwargs=far_rent_notice,
                   label="a document of another agency's file"),
        staff_only("backoffice:tenant-rent-document", (), kwargs=far_notice_through_aminas_file,
                   label="another tenancy's document through Amina's file"),
        # POST only: every rent staff role gets 405 on GET (the file is checked on POST).
        staff_only("backoffice:tenant-rent-document-send", ("agent", "other_agent", "manager", "accountant"),
                   allowed=NOT_ALLOWED, kwargs=aminas_rent_notice),
        staff_only("backoffice:tenant-rent-document-send", RENT_STAFF_HERE, allowed=BACK_TO_DOCUMENTS,
                   kwargs=aminas_rent_notice, method="post"),
        staff_only("backoffice:tenant-rent-document-send", (), kwargs=far_notice_through_aminas_file,
                   method="post", label="another tenancy's document through Amina's file"),
        # Online payments of a tenancy; the accountant alone refunds (others' POST goes back to the list).
        staff_only("backoffice:tenant-online-payments", RENT_STAFF_HERE, kwargs=aminas_rent_file),
        staff_only("backoffice:tenant-online-payments", RENT_STAFF_FAR, kwargs=far_rent_file,
                   label="a file of another agency"),
        staff_only("backoffice:tenant-online-payments", RENT_STAFF_HERE, allowed=BACK_TO_PAYMENTS,
                   kwargs=aminas_rent_file, method="post", data=lambda w: {"payment": "x", "amount": "1"},
                   label="refunding a payment that is not shown"),
    ]


RENTDOCS = Grid("rentdocs", ("payments",), [
    *backoffice_rows(),
    # The portal: the served tenant's own pages (no argument, nobody else's can be asked for).
    # A helper acting for Amina under a mandate with the rent scope (Karim) pays and asks receipts
    # for her; one with the documents scope only (Lucie) opens her documents, and nothing else.
    row("portal:pay", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    row("portal:documents", **NEEDS_SIGN_IN, **TENANTS_OK, helper_out_of_scope=OK, default=NOT_FOUND),
    row("portal:receipt-request", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    row("portal:receipt-consent", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    # Saving the choice leads back to My documents, or to the rent page for Karim, who may not open
    # My documents (rent scope only).
    row("portal:receipt-consent", **NEEDS_SIGN_IN, tenant=to("portal:documents"), cotenant=to("portal:documents"),
        neighbour=to("portal:documents"), helper_in_scope=to("portal:rent"), default=NOT_FOUND, method="post",
        data=lambda w: {"by_email": "no"}, label="saving the choice"),
    # Making the yearly statement or the rent notice: buttons on My documents (POST only).
    row("portal:statement-request", **NEEDS_SIGN_IN, default=NOT_ALLOWED),
    row("portal:notice-request", **NEEDS_SIGN_IN, default=NOT_ALLOWED),
    # A household's document: its members only; the neighbour gets 404 on Amina's, and she on his.
    row("portal:document-download", kwargs=aminas_document, label="Amina's document", **NEEDS_SIGN_IN,
        tenant=OK, cotenant=OK, helper_out_of_scope=OK, default=NOT_FOUND),
    row("portal:document-download", kwargs=neighbours_document, label="the neighbour's document",
        **NEEDS_SIGN_IN, neighbour=OK, default=NOT_FOUND),
    # Coming back from the checkout: the household's own payment only.
    row("portal:pay-return", kwargs=aminas_payment, label="Amina's payment", **NEEDS_SIGN_IN,
        tenant=OK, cotenant=OK, helper_in_scope=OK, default=NOT_FOUND),
    row("portal:pay-return", kwargs=neighbours_payment, label="the neighbour's payment", **NEEDS_SIGN_IN,
        neighbour=OK, default=NOT_FOUND),
    # The kiosk's QR code opens this on a phone nobody signed in to: a signed, short-lived link.
    public("portal:pay-link", kwargs=kiosk_pay_link),
    row("portal:pay-link", kwargs=lambda w: {"token": "forged"}, label="a forged link", default=NOT_FOUND),
    # The kiosk: only a registered device, and only once a tenant has signed in there.
    row("kiosk:rent", kiosk=to("kiosk:sign-in"), default=NOT_FOUND),
    row("kiosk:rent-notice", kiosk=to("kiosk:sign-in"), default=NOT_FOUND),
    # The providers' webhook takes only POSTs; the sandbox's test checkout opens for whoever has its address.
    row("payments:webhook", default=NOT_ALLOWED),
    public("payments:sandbox-checkout", kwargs=sandbox_payment),
    row("payments:sandbox-checkout", kwargs=lambda w: {"payment_id": "sbx_doesnotexist"},
        label="a payment that does not exist", default=NOT_FOUND),
])
