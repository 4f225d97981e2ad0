"""The tenant portal's grid (URL namespace `portal`) and the project-wide URLs outside any front end."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, STAFF, Grid, public, row, to

TO_HOME = to("portal:home")
SIGNED_OUT = {"anonymous": OK, "kiosk": OK}
NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
TENANTS_OK = {"tenant": OK, "cotenant": OK, "neighbour": OK}
STAFF_TO_BACKOFFICE = {p: to("backoffice:home") for p in STAFF}

PORTAL = Grid("portal", ("portal",), [
    row("portal:home", **NEEDS_SIGN_IN, **TENANTS_OK, helper=OK, contractor=NOT_FOUND, **STAFF_TO_BACKOFFICE),
    row("portal:login", **SIGNED_OUT, default=TO_HOME),
    row("portal:logout", default=NOT_ALLOWED),
    public("portal:accessibility"),
    # Public once the landlord has a logo (see backoffice/tests/test_landlord_logo.py); the grid's
    # landlord has none.
    row("portal:landlord-logo", default=NOT_FOUND),
    # Activation: step 1 for those signed out; later steps without the earlier ones go back to step 1.
    row("portal:activate", **SIGNED_OUT, default=TO_HOME),
    row("portal:activate-code", default=to("portal:activate")),
    row("portal:activate-send", default=to("portal:activate")),
    row("portal:activate-password", default=to("portal:activate")),
    row("portal:activate-pin", default=to("portal:activate")),
    row("portal:activate-done", **NEEDS_SIGN_IN, default=OK),
    # Unlocking: the same, starting from "who are you?".
    public("portal:unlock"),
    row("portal:unlock-send", default=to("portal:unlock")),
    row("portal:unlock-code", default=to("portal:unlock")),
    row("portal:unlock-password", default=to("portal:unlock")),
    row("portal:unlock-done", **NEEDS_SIGN_IN, default=OK),
    row("portal:account-pin", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
    # A helper acting for nobody (or whose mandate ended or was stopped) sees their own account; one
    # acting for Amina sees hers when the mandate covers messages, else 404.
    row("portal:profile", **NEEDS_SIGN_IN, **TENANTS_OK, helper=OK, helper_out_of_scope=NOT_FOUND, default=NOT_FOUND),
    row("portal:contact-preferences", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    row("portal:language", **NEEDS_SIGN_IN, **TENANTS_OK, helper=OK, default=NOT_FOUND),
    # Needs for visits (health data): the tenant, or a helper whose mandate covers repairs (the
    # grid's helpers have none). Without a consent, the later steps go back to the question.
    row("portal:access-needs", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
    row("portal:access-needs-consent", **NEEDS_SIGN_IN, **TENANTS_OK, default=NOT_FOUND),
    *[row(f"portal:access-needs-{step}", **NEEDS_SIGN_IN, default=NOT_FOUND,
          **dict.fromkeys(("tenant", "cotenant", "neighbour"), to("portal:access-needs-consent")))
      for step in ("needs", "share")],
    row("portal:access-needs-withdraw", **NEEDS_SIGN_IN, default=NOT_FOUND,
        **dict.fromkeys(("tenant", "cotenant", "neighbour"), to("portal:access-needs"))),
    # The household's own rent: no argument, so another household's ledger cannot even be asked for.
    row("portal:rent", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    # Asking to be called back: Amina has asked already (the grid's `callback`); the others have not,
    # so their confirmation page sends them to the question.
    row("portal:callback", **NEEDS_SIGN_IN, **TENANTS_OK, helper_in_scope=OK, default=NOT_FOUND),
    row("portal:callback-done", **NEEDS_SIGN_IN, tenant=OK, cotenant=to("portal:callback"),
        neighbour=to("portal:callback"), helper_in_scope=OK, default=NOT_FOUND),
])

# URLs without a namespace: the language switch (POST only) and the health check for load balancers.
SHARED = Grid("shared", ("",), [
    row("set-language", default=NOT_ALLOWED),
    public("health"),
    # "Stay signed in" before an idle session ends: POST only.
    row("still-here", default=NOT_ALLOWED),
])
