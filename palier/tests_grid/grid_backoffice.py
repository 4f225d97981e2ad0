"""The back office's grid (URL namespace `backoffice`). Tenants, helpers and contractors have no
back office, and a kiosk device never opens it: they get 404, like a page that does not exist.
Staff without the role for a page get 404 too."""

from .framework import NOT_ALLOWED, NOT_FOUND, OK, STAFF, STAFF_LOGIN, Grid, row, staff_only, to

TENANT_FILES = ("agent", "other_agent", "manager", "accountant")
TENANT_ACTIONS = ("agent", "other_agent", "manager")
ESTATES = ("agent", "other_agent", "manager", "accountant", "administrator")
STAFF_LIST = ("manager", "administrator")
KIOSKS = ("manager", "administrator")
ANNOUNCEMENTS = ("agent", "other_agent", "manager")
CALLBACKS = ("agent", "other_agent", "manager")
ADMIN = ("administrator",)
NON_STAFF_OK = {p: OK for p in ("anonymous", "tenant", "cotenant", "neighbour", "helper", "contractor")}


BACK_TO_FILE = to("backoffice:tenant-detail")


def amina_file(w):
    return {"pk": w.tenancy.pk}


def far_file(w):
    return {"pk": w.far_tenancy.pk}


def amina_in_her_file(w):
    return {"pk": w.tenancy.pk, "person_pk": w.tenant_person.pk}


def jan_through_aminas_file(w):
    return {"pk": w.tenancy.pk, "person_pk": w.neighbour_person.pk}


def PAYMENT(w):
    return {"amount": "12,50", "paid_on": "2026-11-02", "channel": "counter", "label": "cash"}


def _ledger_entry(tenancy):
    """A charge in `tenancy`'s rent ledger (made once), for the correction pages."""
    from palier.rent.models import EntryKind, LedgerEntry

    entry, _ = LedgerEntry.objects.get_or_create(
        idempotency_key=f"grid:charge:{tenancy.pk}",
        defaults={"tenancy": tenancy, "kind": EntryKind.ADJUSTMENT, "booked_on": "2026-11-02",
                  "amount": "10.00", "label": "Grid"})
    return entry


def aminas_ledger_entry(w):
    return {"pk": w.tenancy.pk, "entry_pk": _ledger_entry(w.tenancy).pk}


def far_ledger_entry(w):
    return {"pk": w.far_tenancy.pk, "entry_pk": _ledger_entry(w.far_tenancy).pk}


def far_entry_through_aminas_file(w):
    return {"pk": w.tenancy.pk, "entry_pk": _ledger_entry(w.far_tenancy).pk}


def CORRECTION(w):
    return {"correction-amount": "-10.00", "correction-reason": "Grid"}


def ledger_correction_rows() -> list:
    """Corrections of a rent ledger: the accountants alone (they see every file); the other rent
    staff get 404, like a page that does not exist. An entry is reached only through its own file."""
    back = to("backoffice:tenant-ledger")
    return [
        staff_only("backoffice:tenant-ledger-correction", ("accountant",), kwargs=amina_file),
        staff_only("backoffice:tenant-ledger-correction", ("accountant",), kwargs=far_file,
                   label="a file of another agency"),
        staff_only("backoffice:tenant-ledger-correction", ("accountant",), allowed=back, kwargs=amina_file,
                   method="post", data=CORRECTION, label="recording a correction"),
        staff_only("backoffice:tenant-ledger-entry-correction", ("accountant",), kwargs=aminas_ledger_entry),
        staff_only("backoffice:tenant-ledger-entry-correction", ("accountant",), kwargs=far_ledger_entry,
                   label="an entry of a file of another agency"),
        staff_only("backoffice:tenant-ledger-entry-correction", (), kwargs=far_entry_through_aminas_file,
                   label="another tenancy's entry through Amina's file"),
        staff_only("backoffice:tenant-ledger-entry-correction", ("accountant",), allowed=back,
                   kwargs=aminas_ledger_entry, method="post", data=CORRECTION, label="correcting an entry"),
        staff_only("backoffice:tenant-ledger-entry-correction", (), kwargs=far_entry_through_aminas_file,
                   method="post", data=CORRECTION, label="correcting another tenancy's entry through Amina's file"),
    ]


def tenant_action_rows(name: str, *, done, data=None) -> list:
    """A POST-only action on a person of a household: 405 on GET for the roles who may act. On
    POST the file must be in the actor's reach and the person in that file, else 404; `done` is
    what the agent and the manager of Amina's agency get when it works."""
    return [
        staff_only(name, TENANT_ACTIONS, allowed=NOT_ALLOWED, kwargs=amina_in_her_file),
        staff_only(name, ("agent", "manager"), allowed=done, kwargs=amina_in_her_file, method="post", data=data,
                   label="a file of another agency for Pieter"),
        staff_only(name, (), kwargs=jan_through_aminas_file, method="post", data=data,
                   label="a person of another household"),
    ]


def two_factor_rows() -> list:
    """Tenants and kiosks have no second factor (404); the others set one up first."""
    setup = to("backoffice:two-factor-setup")
    people = {p: setup for p in (*STAFF, "helper", "contractor")}
    outside = {"anonymous": STAFF_LOGIN, "default": NOT_FOUND}
    return [
        row("backoffice:two-factor-verify", **people, **outside),
        row("backoffice:two-factor-setup", **{p: OK for p in people}, **outside),
        row("backoffice:two-factor-setup", **{p: OK for p in people}, **outside, method="post",
            data=lambda w: {"code": "000000"}, label="a wrong code"),
        row("backoffice:two-factor-backup-codes", **people, **outside),
        row("backoffice:two-factor-backup-codes", **people, **outside, method="post"),
    ]


BACKOFFICE = Grid("backoffice", ("backoffice",), [
    row("backoffice:login", **NON_STAFF_OK, kiosk=NOT_FOUND, **{p: to("backoffice:home") for p in STAFF}),
    row("backoffice:logout", kiosk=NOT_FOUND, default=NOT_ALLOWED),
    # The second factor: for staff, helpers and contractors; nobody in the grid has an app yet.
    *two_factor_rows(),
    staff_only("backoffice:home"),
    staff_only("backoffice:tenant-search", TENANT_FILES),
    staff_only("backoffice:tenant-detail", ("agent", "manager", "accountant"), kwargs=amina_file),
    staff_only("backoffice:tenant-detail", ("other_agent", "accountant"), kwargs=far_file,
               label="a file of another agency"),
    # The rent ledger: read by the rent staff of the file's agency and the accountants; the same
    # people record a payment there (a POST that works goes back to the ledger).
    staff_only("backoffice:tenant-ledger", ("agent", "manager", "accountant"), kwargs=amina_file),
    staff_only("backoffice:tenant-ledger", ("other_agent", "accountant"), kwargs=far_file,
               label="a file of another agency"),
    staff_only("backoffice:tenant-ledger", ("agent", "manager", "accountant"), allowed=to("backoffice:tenant-ledger"),
               kwargs=amina_file, method="post", data=PAYMENT, label="recording a payment"),
    staff_only("backoffice:tenant-ledger", ("other_agent", "accountant"), allowed=to("backoffice:tenant-ledger"),
               kwargs=far_file, method="post", data=PAYMENT, label="recording a payment in another agency's file"),
    *ledger_correction_rows(),
    *tenant_action_rows("backoffice:activation-letter", done=OK),
    *tenant_action_rows("backoffice:send-activation", done=BACK_TO_FILE, data=lambda w: {"method": "sms"}),
    *tenant_action_rows("backoffice:account-unlock", done=BACK_TO_FILE),
    staff_only("backoffice:estate-list", ESTATES),
    staff_only("backoffice:estate-detail", ("agent", "manager", "accountant", "administrator"),
               kwargs=lambda w: {"pk": w.estate.pk}),
    staff_only("backoffice:estate-detail", ("other_agent", "accountant", "administrator"),
               kwargs=lambda w: {"pk": w.far_estate.pk}, label="an estate of another agency"),
    staff_only("backoffice:building-detail", ("agent", "manager", "accountant", "administrator"),
               kwargs=lambda w: {"pk": w.building.pk}),
    staff_only("backoffice:building-detail", ("other_agent", "accountant", "administrator"),
               kwargs=lambda w: {"pk": w.far_building.pk}, label="a building of another agency"),
    staff_only("backoffice:staff-list", STAFF_LIST),
    staff_only("backoffice:staff-create", ADMIN),
    staff_only("backoffice:staff-edit", ADMIN, kwargs=lambda w: {"pk": w.agent.pk}),
    staff_only("backoffice:staff-edit", (), kwargs=lambda w: {"pk": w.tenant.pk}, label="a tenant's account"),
    staff_only("backoffice:kiosk-list", KIOSKS),
    staff_only("backoffice:kiosk-create", KIOSKS),
    staff_only("backoffice:kiosk-enrolment", KIOSKS, allowed=NOT_ALLOWED, kwargs=lambda w: {"pk": w.kiosk_device.pk}),
    staff_only("backoffice:kiosk-enrolment", ADMIN, kwargs=lambda w: {"pk": w.far_kiosk.pk}, method="post",
               label="a kiosk of another agency"),
    staff_only("backoffice:kiosk-revoke", KIOSKS, allowed=NOT_ALLOWED, kwargs=lambda w: {"pk": w.kiosk_device.pk}),
    staff_only("backoffice:kiosk-revoke", (), kwargs=lambda w: {"pk": w.far_kiosk.pk}, method="post",
               label="a kiosk of another agency", administrator=to("backoffice:kiosk-list")),
    # Announcements: written by the agents and managers, each for the places of their agency.
    staff_only("backoffice:announcement-list", ANNOUNCEMENTS),
    staff_only("backoffice:announcement-create", ANNOUNCEMENTS),
    staff_only("backoffice:announcement-create", ANNOUNCEMENTS, method="post", data=lambda w: {"target": "building"},
               label="an empty form"),
    staff_only("backoffice:announcement-withdraw", ANNOUNCEMENTS, allowed=NOT_ALLOWED,
               kwargs=lambda w: {"pk": w.announcement.pk}),
    staff_only("backoffice:announcement-withdraw", ("agent", "manager"), allowed=to("backoffice:announcement-list"),
               kwargs=lambda w: {"pk": w.announcement.pk}, method="post"),
    staff_only("backoffice:announcement-withdraw", ("other_agent",), allowed=to("backoffice:announcement-list"),
               kwargs=lambda w: {"pk": w.far_announcement.pk}, method="post", label="an announcement of another agency"),
    # Call-backs: the agents and managers call back the tenants of their agency.
    staff_only("backoffice:callback-list", CALLBACKS),
    staff_only("backoffice:callback-done", CALLBACKS, allowed=NOT_ALLOWED, kwargs=lambda w: {"pk": w.callback.pk}),
    staff_only("backoffice:callback-done", ("agent", "manager"), allowed=to("backoffice:callback-list"),
               kwargs=lambda w: {"pk": w.callback.pk}, method="post"),
    staff_only("backoffice:callback-done", ("other_agent",), allowed=to("backoffice:callback-list"),
               kwargs=lambda w: {"pk": w.far_callback.pk}, method="post", label="a call-back of another agency"),
    staff_only("backoffice:landlord-settings", ADMIN),
    # POST only, checked before who asks; a POST without a file shows the settings page again.
    row("backoffice:landlord-logo", kiosk=NOT_FOUND, default=NOT_ALLOWED),
    staff_only("backoffice:landlord-logo", ADMIN, method="post"),
    staff_only("backoffice:agency-edit", ADMIN, kwargs=lambda w: {"pk": w.agency.pk}),
    staff_only("backoffice:agency-edit", (), kwargs=lambda w: {"pk": w.agency.pk + w.other_agency.pk + 1000},
               label="an agency that does not exist"),
])
