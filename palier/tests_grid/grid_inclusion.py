"""The grid of workshops, partners, digital spaces and inclusion figures, on the portal, the kiosk
and the back office. Amina's agency (Marolles) offers a session in her estate, a partner and a
digital space; Amina has a place and a booked slot. Schaerbeek's offer is foreign to all of them."""

from palier.inclusion.testing import things

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
TENANTS_OK = {"tenant": OK, "cotenant": OK, "neighbour": OK}
INCLUSION = ("inclusion_officer", "manager")
ENROL = ("inclusion_officer", "manager", "agent", "other_agent")
FOREIGN = "an object of another agency"


def session(w):
    return {"pk": things(w).session.pk}


def far_session(w):
    return {"pk": things(w).far_session.pk}


def space(w):
    return {"pk": things(w).space.pk}


def far_space(w):
    return {"pk": things(w).far_space.pk}


def booking(w):
    return {"pk": things(w).booking.pk}


def far_booking(w):
    return {"pk": things(w).far_booking.pk}


def enrolment(w):
    return {"pk": things(w).enrolment.pk}


def far_enrolment(w):
    return {"pk": things(w).far_attended.pk}


def workshop(w):
    return {"pk": things(w).workshop.pk}


def far_workshop(w):
    return {"pk": things(w).far_workshop.pk}


def partner(w):
    return {"pk": things(w).partner.pk}


def far_partner(w):
    return {"pk": things(w).far_partner.pk}


def tenant_page(url_name, **kw):
    kw.setdefault("default", NOT_FOUND)
    return row(url_name, **NEEDS_SIGN_IN, **{**TENANTS_OK, **{k: v for k, v in kw.items() if k in TENANTS_OK}},
               **{k: v for k, v in kw.items() if k not in TENANTS_OK})


PORTAL_ROWS = [
    tenant_page("portal:workshops"),
    tenant_page("portal:workshop-session", kwargs=session),
    row("portal:workshop-session", kwargs=far_session, label=FOREIGN, **NEEDS_SIGN_IN, default=NOT_FOUND),
    # Only Amina has a place (before the others take one below) to give back.
    tenant_page("portal:workshop-cancel", kwargs=session, cotenant=NOT_FOUND, neighbour=NOT_FOUND),
    row("portal:workshop-cancel", kwargs=far_session, label=FOREIGN, **NEEDS_SIGN_IN, default=NOT_FOUND),
    row("portal:workshop-enrol", kwargs=session, **NEEDS_SIGN_IN, default=NOT_ALLOWED),
    row("portal:workshop-enrol", kwargs=session, method="post", **NEEDS_SIGN_IN,
        **{p: to("portal:workshop-session") for p in TENANTS_OK}, default=NOT_FOUND),
    row("portal:workshop-enrol", kwargs=far_session, method="post", label=FOREIGN, **NEEDS_SIGN_IN,
        default=NOT_FOUND),
    # Amina's certificate of attendance: hers only.
    tenant_page("portal:workshop-certificate", kwargs=lambda w: {"pk": things(w).attended.pk}, cotenant=NOT_FOUND,
                neighbour=NOT_FOUND),
    row("portal:workshop-certificate", kwargs=lambda w: {"pk": things(w).far_attended.pk}, label=FOREIGN,
        **NEEDS_SIGN_IN, default=NOT_FOUND),
    tenant_page("portal:partners"),
    tenant_page("portal:spaces"),
    tenant_page("portal:space", kwargs=space),
    row("portal:space", kwargs=far_space, label=FOREIGN, **NEEDS_SIGN_IN, default=NOT_FOUND),
    # A booking is its booker's: Youssef and Jan cannot cancel Amina's.
    tenant_page("portal:booking-cancel", kwargs=booking, cotenant=NOT_FOUND, neighbour=NOT_FOUND),
    row("portal:booking-cancel", kwargs=far_booking, label=FOREIGN, **NEEDS_SIGN_IN, default=NOT_FOUND),
    tenant_page("portal:self-assessment"),
    # Nobody has answered yet: the suggestions page sends to the questions.
    tenant_page("portal:self-assessment-done", **{p: to("portal:self-assessment") for p in TENANTS_OK}),
]

SIGN_IN_FIRST = to("kiosk:sign-in")


def kiosk_page(url_name, *, kiosk=OK, **kw):
    return row(url_name, kiosk=kiosk, default=NOT_FOUND, **kw)


KIOSK_ROWS = [
    kiosk_page("kiosk:workshops"),
    kiosk_page("kiosk:workshop-session", kwargs=session),
    kiosk_page("kiosk:workshop-session", kwargs=far_session, kiosk=NOT_FOUND, label=FOREIGN),
    kiosk_page("kiosk:workshop-enrol", kwargs=session, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:workshop-enrol", kwargs=far_session, kiosk=SIGN_IN_FIRST, label=FOREIGN),
    kiosk_page("kiosk:workshop-cancel", kwargs=session, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:workshop-cancel", kwargs=far_session, kiosk=SIGN_IN_FIRST, label=FOREIGN),
    kiosk_page("kiosk:partners"),
    kiosk_page("kiosk:get-help"),
    kiosk_page("kiosk:spaces", kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:space", kwargs=space, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:space", kwargs=far_space, kiosk=SIGN_IN_FIRST, label=FOREIGN),
    kiosk_page("kiosk:booking-cancel", kwargs=booking, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:booking-cancel", kwargs=far_booking, kiosk=SIGN_IN_FIRST, label=FOREIGN),
    kiosk_page("kiosk:self-assessment", kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:self-assessment-done", kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:workshop-certificate", kwargs=lambda w: {"pk": things(w).attended.pk}, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:workshop-certificate", kwargs=lambda w: {"pk": things(w).far_attended.pk},
               kiosk=SIGN_IN_FIRST, label=FOREIGN),
    kiosk_page("kiosk:workshop-certificate-send", kwargs=lambda w: {"pk": things(w).attended.pk}, kiosk=SIGN_IN_FIRST),
    kiosk_page("kiosk:workshop-certificate-send", kwargs=lambda w: {"pk": things(w).attended.pk}, method="post",
               kiosk=SIGN_IN_FIRST, label="sending"),
]


def staff_object(url_name, own, far, **kw):
    return [staff_only(url_name, INCLUSION, kwargs=own, **kw),
            staff_only(url_name, INCLUSION, kwargs=far, allowed=NOT_FOUND, label=FOREIGN, **kw)]


BACKOFFICE_ROWS = [
    staff_only("backoffice:inclusion-figures", INCLUSION),
    staff_only("backoffice:inclusion-partners", INCLUSION),
    staff_only("backoffice:inclusion-partner-create", INCLUSION),
    *staff_object("backoffice:inclusion-partner-edit", partner, far_partner),
    staff_only("backoffice:inclusion-workshops", INCLUSION),
    staff_only("backoffice:inclusion-workshop-create", INCLUSION),
    *staff_object("backoffice:inclusion-workshop-edit", workshop, far_workshop),
    *staff_object("backoffice:inclusion-session-create", workshop, far_workshop),
    *staff_object("backoffice:inclusion-session", session, far_session),
    *staff_object("backoffice:inclusion-session-edit", session, far_session),
    staff_only("backoffice:inclusion-session-cancel", INCLUSION, kwargs=session, allowed=NOT_ALLOWED),
    staff_only("backoffice:inclusion-session-cancel", INCLUSION, kwargs=session, method="post",
               allowed=to("backoffice:inclusion-workshops")),
    staff_only("backoffice:inclusion-session-cancel", INCLUSION, kwargs=far_session, method="post",
               allowed=NOT_FOUND, label=FOREIGN),
    staff_only("backoffice:inclusion-spaces", INCLUSION),
    staff_only("backoffice:inclusion-space-create", INCLUSION),
    *staff_object("backoffice:inclusion-space", space, far_space),
    *staff_object("backoffice:inclusion-space-edit", space, far_space),
    staff_only("backoffice:inclusion-booking-cancel", INCLUSION, kwargs=booking, allowed=NOT_ALLOWED),
    staff_only("backoffice:inclusion-booking-cancel", INCLUSION, kwargs=booking, method="post",
               allowed=to("backoffice:inclusion-space")),
    staff_only("backoffice:inclusion-booking-cancel", INCLUSION, kwargs=far_booking, method="post",
               allowed=NOT_FOUND, label=FOREIGN),
    # Enrolling a tenant who calls or comes to the counter: the officer, and agents and managers.
    staff_only("backoffice:inclusion-enrol", ENROL),
    staff_only("backoffice:inclusion-enrol", ENROL, data=lambda w: {"person": w.tenant_person.pk}, other_agent=NOT_FOUND,
               label="Amina chosen"),
    staff_only("backoffice:inclusion-enrolment-cancel", ENROL, kwargs=enrolment, allowed=NOT_ALLOWED),
    staff_only("backoffice:inclusion-enrolment-cancel", ENROL, kwargs=enrolment, method="post",
               allowed=to("backoffice:inclusion-enrol"), other_agent=NOT_FOUND),
    # Lieve's place in the Schaerbeek session (past: it cannot be given back any more).
    staff_only("backoffice:inclusion-enrolment-cancel", ENROL, kwargs=far_enrolment, method="post",
               allowed=NOT_FOUND, other_agent=to("backoffice:inclusion-enrol"), label=FOREIGN),
    # Recording a tenant's answers about the internet, given on the phone or at the counter.
    staff_only("backoffice:inclusion-self-assessment", ENROL, allowed=NOT_FOUND, label="nobody chosen"),
    staff_only("backoffice:inclusion-self-assessment", ENROL, data=lambda w: {"person": w.tenant_person.pk},
               other_agent=NOT_FOUND, label="Amina chosen"),
]

INCLUSION_GRID = Grid("inclusion", ("portal", "kiosk", "backoffice"), PORTAL_ROWS + KIOSK_ROWS + BACKOFFICE_ROWS)
