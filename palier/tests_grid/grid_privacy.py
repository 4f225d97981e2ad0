"""Security and privacy pages: re-authentication before changing an email, a phone number or a
password (portal), passkeys (back office second-factor pages and their JSON endpoints), and the
privacy pages ("My data", retention, registers)."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, STAFF, STAFF_LOGIN, Grid, public, row, staff_only, to
from .grid_backoffice import amina_in_her_file, jan_through_aminas_file

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
TENANTS = ("tenant", "cotenant", "neighbour")
CONFIRM_FIRST = to("portal:confirm-identity")
SECOND_FACTOR_PEOPLE = (*STAFF, "helper", "contractor")


def passkey_endpoint(name: str):
    """django-otp-webauthn's JSON endpoints, POST only: 403 JSON when signed out, 404 for accounts
    without a second factor (tenants) and kiosk devices, 405 on GET for the others."""
    return row(name, anonymous=403, kiosk=NOT_FOUND, **{p: NOT_ALLOWED for p in SECOND_FACTOR_PEOPLE},
               default=NOT_FOUND)


FILE_ACTIONS = ("agent", "manager")  # the staff of Amina's agency who act on her file
DPO = ("dpo",)  # the data-protection officer; the administrator configures Palier and has none of these


def _erasure(person):
    from palier.privacy.models import ErasureRequest

    return ErasureRequest.objects.get_or_create(person_id=person.pk, defaults={"person_label": str(person)})[0]


def aminas_erasure(w):
    return {"pk": w.tenancy.pk, "erasure_pk": _erasure(w.tenant_person).pk}


def jans_erasure_through_aminas_file(w):
    return {"pk": w.tenancy.pk, "erasure_pk": _erasure(w.neighbour_person).pk}


def a_run(w):
    from palier.privacy.models import RetentionRun

    return {"pk": (RetentionRun.objects.first() or RetentionRun.objects.create()).pk}


def object_rows(name, mine, foreign, *, allowed=OK):
    return [
        staff_only(name, FILE_ACTIONS, allowed=allowed, kwargs=mine),
        staff_only(name, (), kwargs=foreign, label="a person of another household"),
    ]


SECURITY = Grid("security", ("portal", "backoffice"), [
    row("portal:confirm-identity", **NEEDS_SIGN_IN, **{p: OK for p in TENANTS}, helper=OK, default=NOT_FOUND),
    row("portal:confirm-identity", **NEEDS_SIGN_IN, **{p: OK for p in TENANTS}, helper=OK, default=NOT_FOUND,
        method="post", data=lambda w: {"secret": "not my password"}, label="a wrong password"),
    row("portal:change-email", **NEEDS_SIGN_IN, **{p: CONFIRM_FIRST for p in TENANTS}, default=NOT_FOUND),
    row("portal:change-phone", **NEEDS_SIGN_IN, **{p: CONFIRM_FIRST for p in TENANTS}, default=NOT_FOUND),
    row("portal:change-password", **NEEDS_SIGN_IN, **{p: CONFIRM_FIRST for p in TENANTS}, helper=CONFIRM_FIRST,
        default=NOT_FOUND),
    row("backoffice:two-factor-passkeys", **{p: to("backoffice:two-factor-setup") for p in SECOND_FACTOR_PEOPLE},
        anonymous=STAFF_LOGIN, default=NOT_FOUND),
    # The passkey script's words: public, like any script (a kiosk device never opens the back office).
    public("backoffice:passkey-i18n", kiosk=NOT_FOUND),
    passkey_endpoint("backoffice:passkey-register-begin"),
    passkey_endpoint("backoffice:passkey-register-complete"),
    passkey_endpoint("backoffice:passkey-authenticate-begin"),
    passkey_endpoint("backoffice:passkey-authenticate-complete"),
    # "My data": the tenant herself, or a helper under a mandate with the documents scope.
    row("portal:my-data", **NEEDS_SIGN_IN, **{p: OK for p in TENANTS}, helper_out_of_scope=OK, default=NOT_FOUND),
    row("portal:my-data-json", **NEEDS_SIGN_IN, **{p: OK for p in TENANTS}, helper_out_of_scope=OK, default=NOT_FOUND),
    row("portal:my-data-pdf", **NEEDS_SIGN_IN, **{p: OK for p in TENANTS}, helper_out_of_scope=OK, default=NOT_FOUND),
    # A tenant file's privacy actions: the staff of her agency who act on files.
    *object_rows("backoffice:national-number", amina_in_her_file, jan_through_aminas_file),
    staff_only("backoffice:person-data", ("agent", "other_agent", "manager"), allowed=NOT_ALLOWED,
               kwargs=amina_in_her_file),
    staff_only("backoffice:person-data", FILE_ACTIONS, kwargs=amina_in_her_file, method="post",
               data=lambda w: {"format": "json"}, label="her data as JSON; another agency's agent gets 404"),
    staff_only("backoffice:person-data", (), kwargs=jan_through_aminas_file, method="post",
               data=lambda w: {"format": "json"}, label="a person of another household"),
    *object_rows("backoffice:erasure", amina_in_her_file, jan_through_aminas_file),
    *object_rows("backoffice:erasure-done", aminas_erasure, jans_erasure_through_aminas_file),
    *object_rows("backoffice:erasure-letter", aminas_erasure, jans_erasure_through_aminas_file),
    # The data-protection officer's pages: the DPO alone (the administrator gets 404).
    staff_only("backoffice:privacy-retention", DPO),
    staff_only("backoffice:privacy-retention-run", DPO, allowed=NOT_ALLOWED),
    staff_only("backoffice:privacy-retention-run-detail", DPO, kwargs=a_run),
    staff_only("backoffice:privacy-retention-run-detail", (), kwargs=lambda w: {"pk": 987654},
               label="a run that does not exist"),
    staff_only("backoffice:privacy-register", DPO),
    staff_only("backoffice:privacy-breaches", DPO),
    staff_only("backoffice:privacy-breach-new", DPO),
    staff_only("backoffice:privacy-requests", DPO),
])
