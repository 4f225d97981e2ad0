"""Helper mandates: the tenant's pages (portal and kiosk), the helper's, and the counter's.

Amina (tenant) gave Karim (helper_in_scope) a mandate; Sophie (helper) acts for nobody and has a
request waiting for Amina's code; Nadia (agent) registered a paper form for Sophie. A mandate of
another agency (`far_mandate`) is out of everyone's reach here but Pieter's."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
TENANTS_OK = {"tenant": OK, "cotenant": OK, "neighbour": OK}
HELPERS = ("helper", "helper_in_scope", "helper_out_of_scope", "helper_expired", "helper_revoked")
ACTIONS = ("agent", "manager")
TO_START = to("portal:mandate-helper")
TO_SIGNUP = to("portal:helper-signup")


def aminas_mandate(w):
    return {"pk": w.aminas_mandate.pk}


def far_mandate(w):
    return {"pk": w.far_mandate.pk}


def aminas_file(w):
    return {"pk": w.tenancy.pk}


def far_file(w):
    return {"pk": w.far_tenancy.pk}


def sophies_request(w):
    return {"pk": w.sophies_request.pk}


def karims_request(w):
    return {"pk": w.karims_request.pk}


def refuse(w):
    return {"answer": "refuse"}


def act_for_amina(w):
    return {"person": w.tenant_person.pk}


def portal_rows():
    signed_in_get = {**NEEDS_SIGN_IN, "default": NOT_ALLOWED}
    return [
        row("portal:mandates", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
        row("portal:mandate-helper", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
        # Later steps without the earlier ones go back to the first question.
        row("portal:mandate-scopes", **NEEDS_SIGN_IN, **{p: TO_START for p in TENANTS_OK}, default=NOT_FOUND),
        row("portal:mandate-duration", **NEEDS_SIGN_IN, **{p: TO_START for p in TENANTS_OK}, default=NOT_FOUND),
        row("portal:mandate-check", **NEEDS_SIGN_IN, **{p: TO_START for p in TENANTS_OK}, default=NOT_FOUND),
        row("portal:mandate-journal", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
        # Only the tenant who gave it opens a mandate; her co-tenant and the helper do not.
        row("portal:mandate-detail", kwargs=aminas_mandate, **NEEDS_SIGN_IN, tenant=OK, default=NOT_FOUND),
        row("portal:mandate-detail", kwargs=far_mandate, label="a mandate of another household",
            **NEEDS_SIGN_IN, default=NOT_FOUND),
        row("portal:mandate-take-back", kwargs=aminas_mandate, **signed_in_get),
        # The helper's side: asking by SMS, typing the code of one's own request.
        row("portal:mandate-ask", **NEEDS_SIGN_IN, **{p: OK for p in HELPERS}, default=NOT_FOUND),
        row("portal:mandate-code", kwargs=lambda w: {"pk": w.sophies_request.pk}, **NEEDS_SIGN_IN, helper=OK,
            helper_in_scope=NOT_FOUND, helper_out_of_scope=NOT_FOUND, helper_expired=NOT_FOUND,
            helper_revoked=NOT_FOUND, default=NOT_FOUND),
        row("portal:mandate-code", kwargs=lambda w: {"pk": w.karims_request.pk}, label="another helper's request",
            **NEEDS_SIGN_IN, helper_in_scope=OK, helper=NOT_FOUND, helper_out_of_scope=NOT_FOUND,
            helper_expired=NOT_FOUND, helper_revoked=NOT_FOUND, default=NOT_FOUND),
        row("portal:act-for", **signed_in_get),
        # Choosing Amina works only under a valid mandate, whatever its scopes.
        row("portal:act-for", method="post", data=act_for_amina, label="choosing Amina", **NEEDS_SIGN_IN,
            helper_in_scope=to("portal:home"), helper_out_of_scope=to("portal:home"), helper=NOT_FOUND,
            helper_expired=NOT_FOUND, helper_revoked=NOT_FOUND, default=NOT_FOUND),
        row("portal:act-stop", **signed_in_get),
        # POST rows last: taking back a scope and stopping change what the persona sees after.
        row("portal:mandate-take-back", kwargs=aminas_mandate, method="post", data=lambda w: {"scope": "rent"},
            label="taking back the rent", **NEEDS_SIGN_IN, tenant=to("portal:mandate-detail"), default=NOT_FOUND),
        row("portal:mandate-take-back", kwargs=far_mandate, method="post", label="a mandate of another household",
            **NEEDS_SIGN_IN, default=NOT_FOUND),
        # Amina answers Sophie's request herself; Jan answers Karim's; nobody answers someone else's.
        row("portal:mandate-answer", kwargs=sophies_request, **signed_in_get),
        row("portal:mandate-answer", kwargs=sophies_request, method="post", data=refuse, label="refusing",
            **NEEDS_SIGN_IN, tenant=to("portal:mandates"), default=NOT_FOUND),
        row("portal:mandate-answer", kwargs=karims_request, method="post", data=refuse,
            label="a request to someone else", **NEEDS_SIGN_IN, neighbour=to("portal:mandates"), default=NOT_FOUND),
        row("portal:act-stop", method="post", label="stopping", **NEEDS_SIGN_IN, default=to("portal:home")),
        # A helper creates their own account: signed out only; later steps without the earlier ones
        # go back to the first.
        row("portal:helper-signup", anonymous=OK, kiosk=OK, default=to("portal:home")),
        row("portal:helper-signup-code", anonymous=TO_SIGNUP, kiosk=TO_SIGNUP, default=to("portal:home")),
        row("portal:helper-signup-password", anonymous=TO_SIGNUP, kiosk=TO_SIGNUP, default=to("portal:home")),
    ]


def kiosk_rows():
    """On the kiosk device, a tenant signs in first; any other browser gets the kiosk's 404 page."""

    def kiosk_page(name, **kw):
        return row(name, kiosk=to("kiosk:sign-in"), default=NOT_FOUND, **kw)

    return [
        kiosk_page("kiosk:mandates"),
        kiosk_page("kiosk:mandate-helper"),
        kiosk_page("kiosk:mandate-scopes"),
        kiosk_page("kiosk:mandate-duration"),
        kiosk_page("kiosk:mandate-check"),
        kiosk_page("kiosk:mandate-journal"),
        kiosk_page("kiosk:mandate-detail", kwargs=aminas_mandate),
        kiosk_page("kiosk:mandate-detail", kwargs=far_mandate, label="a mandate of another household"),
        kiosk_page("kiosk:mandate-take-back", kwargs=aminas_mandate),
        kiosk_page("kiosk:mandate-take-back", kwargs=far_mandate, method="post", label="a mandate of another household"),
        kiosk_page("kiosk:mandate-answer", kwargs=sophies_request, method="post", data=refuse),
        kiosk_page("kiosk:mandate-answer", kwargs=karims_request, method="post", data=refuse,
                   label="a request to someone else"),
    ]


def backoffice_rows():
    scan = lambda w: {"pk": w.aminas_paper_mandate.pk}  # noqa: E731
    act = lambda w: {"person": w.tenant_person.pk, "channel": "phone"}  # noqa: E731
    far_act = lambda w: {"person": w.far_tenancy.household.persons.first().pk, "channel": "counter"}  # noqa: E731
    return [
        staff_only("backoffice:tenant-mandates", ACTIONS, kwargs=aminas_file),
        staff_only("backoffice:tenant-mandates", ("other_agent",), kwargs=far_file, label="a file of another agency"),
        staff_only("backoffice:mandate-create", ACTIONS, kwargs=aminas_file),
        staff_only("backoffice:mandate-create", ("other_agent",), kwargs=far_file, label="a file of another agency"),
        staff_only("backoffice:mandate-scan", ACTIONS, kwargs=scan),
        staff_only("backoffice:mandate-scan", ("other_agent",), kwargs=far_mandate, label="a form of another agency"),
        staff_only("backoffice:act-for-tenant", ACTIONS + ("other_agent",), allowed=NOT_ALLOWED, kwargs=aminas_file),
        staff_only("backoffice:act-for-tenant", ACTIONS, allowed=to("portal:home"), kwargs=aminas_file,
                   method="post", data=act, label="acting for Amina on the phone"),
        staff_only("backoffice:act-for-tenant", ("other_agent",), allowed=to("portal:home"), kwargs=far_file,
                   method="post", data=far_act, label="a file of another agency"),
        staff_only("backoffice:mandate-stop", ACTIONS + ("other_agent",), allowed=NOT_ALLOWED, kwargs=scan),
        staff_only("backoffice:mandate-stop", ACTIONS, allowed=to("backoffice:tenant-mandates"), kwargs=scan,
                   method="post", label="stopping Sophie's paper mandate"),
        staff_only("backoffice:mandate-stop", ("other_agent",), allowed=to("backoffice:tenant-mandates"),
                   kwargs=far_mandate, method="post", label="a mandate of another agency"),
    ]


MANDATES = Grid("mandates", ("portal", "kiosk", "backoffice"), portal_rows() + kiosk_rows() + backoffice_rows())
