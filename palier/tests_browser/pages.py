"""The pages each persona visits in the accessibility run, per front end.

Every named URL of the portal, the kiosk and the back office appears here once: as a `Page`
(visited by the listed personas, each page checked with axe-core, at 320 px and for CSP errors),
in `JOURNEY_PAGES` (pages reached only through earlier steps, visited by a journey test that checks
each step), or in `NOT_PAGES` (POST-only actions, files, redirects). `test_pages_table.py` fails
when a URL of a front end is in none of them, so a new page cannot miss the accessibility run.

`kwargs` builds the URL's arguments from the `world` of named people (see conftest.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from palier.tests_grid import grid_debit as debit_pages

FRONT_ENDS = ("portal", "kiosk", "backoffice")


@dataclass(frozen=True)
class Page:
    url_name: str
    personas: tuple[str, ...]
    kwargs: Callable | None = None
    query: str = ""
    status: int = 200


STAFF_ROLES = ("agent", "technician", "accountant", "inclusion_officer", "manager", "administrator", "dpo")


def aminas_tenancy(w):
    return {"pk": w.tenancy.pk}


def with_callback(w):
    """No URL arguments; makes sure Amina's call-back request (the `open_callback` fixture) exists first."""
    assert w.open_callback
    return {}


def with_news(w):
    """No URL arguments; makes sure the announcements of the `news` fixture exist first."""
    assert w.news
    return {}


PAGES = {
    "portal": [
        Page("portal:login", ("anonymous",)),
        Page("portal:accessibility", ("anonymous", "tenant")),
        Page("portal:activate", ("anonymous",)),
        Page("portal:unlock", ("anonymous",)),
        Page("portal:home", ("tenant", "cotenant", "helper")),
        Page("portal:home", ("tenant",), kwargs=with_news),
        Page("portal:profile", ("tenant", "helper")),
        Page("portal:contact-preferences", ("tenant",)),
        Page("portal:language", ("tenant", "helper")),
        Page("portal:account-pin", ("tenant",)),
        Page("portal:rent", ("tenant", "cotenant")),
        Page("portal:callback", ("tenant",)),
        Page("portal:debit", ("tenant", "cotenant")),
        Page("portal:debit", ("tenant",), kwargs=debit_pages.with_aminas_mandate),
        Page("portal:debit-sign-up", ("tenant",)),
        Page("portal:debit-cancel", ("tenant",), kwargs=debit_pages.with_aminas_mandate),
        Page("portal:payment-plan", ("tenant",)),
        Page("portal:payment-plan", ("tenant",), kwargs=debit_pages.with_aminas_plan),
        Page("portal:payment-plan-answer", ("tenant",), kwargs=debit_pages.aminas_proposal),
    ],
    "kiosk": [
        Page("kiosk:home", ("kiosk",)),
        Page("kiosk:home", ("kiosk",), kwargs=with_news),
        # What a browser that is not a registered kiosk gets instead of any kiosk page.
        Page("kiosk:home", ("anonymous",), status=404),
        Page("kiosk:help", ("kiosk",)),
        Page("kiosk:emergency", ("kiosk",)),
        Page("kiosk:sign-in", ("kiosk",)),
    ],
    "backoffice": [
        Page("backoffice:login", ("anonymous",)),
        Page("backoffice:two-factor-setup", ("agent", "helper")),
        Page("backoffice:home", STAFF_ROLES),
        Page("backoffice:tenant-search", ("agent",)),
        Page("backoffice:tenant-search", ("agent",), query="q=Benali"),
        Page("backoffice:tenant-detail", ("agent", "accountant"), kwargs=aminas_tenancy),
        Page("backoffice:tenant-ledger", ("agent", "accountant"), kwargs=aminas_tenancy),
        Page("backoffice:estate-list", ("agent", "administrator")),
        Page("backoffice:estate-detail", ("agent",), kwargs=lambda w: {"pk": w.estate.pk}),
        Page("backoffice:building-detail", ("agent", "administrator"), kwargs=lambda w: {"pk": w.building.pk}),
        Page("backoffice:staff-list", ("manager", "administrator")),
        Page("backoffice:staff-create", ("administrator",)),
        Page("backoffice:staff-edit", ("administrator",), kwargs=lambda w: {"pk": w.agent.pk}),
        Page("backoffice:kiosk-list", ("manager",)),
        Page("backoffice:kiosk-create", ("administrator",)),
        Page("backoffice:announcement-list", ("agent", "manager"), kwargs=with_news),
        Page("backoffice:announcement-create", ("agent", "manager")),
        Page("backoffice:callback-list", ("agent", "manager"), kwargs=with_callback),
        Page("backoffice:landlord-settings", ("administrator",)),
        Page("backoffice:agency-edit", ("administrator",), kwargs=lambda w: {"pk": w.agency.pk}),
        Page("backoffice:debit-mandates", ("agent", "accountant"), kwargs=debit_pages.with_aminas_mandate),
        Page("backoffice:debit-mandate-new", ("agent",), kwargs=aminas_tenancy),
        Page("backoffice:debit-batches", ("accountant",)),
        Page("backoffice:debit-batch", ("accountant",), kwargs=debit_pages.a_batch),
        Page("backoffice:debit-returns", ("accountant",), kwargs=debit_pages.a_returned_debit),
        Page("backoffice:arrears", ("agent", "accountant"), kwargs=debit_pages.with_arrears),
        Page("backoffice:plans", ("agent",), kwargs=debit_pages.with_aminas_plan),
        Page("backoffice:plan-new", ("agent",), kwargs=aminas_tenancy),
        Page("backoffice:plan-detail", ("agent",), kwargs=debit_pages.aminas_running_plan),
    ],
}

# Steps of a journey, reached only through the step before: checked at each step by the test named.
KEYBOARD = "test_journeys.py::test_a_tenant_activates_her_account_with_the_keyboard_only"
ACTIVATION = "test_activation_journey.py::test_a_tenant_activates_her_account_step_by_step"
UNLOCK = "test_activation_journey.py::test_a_locked_out_tenant_unlocks_her_account_step_by_step"
KIOSK = "test_kiosk_journey.py::test_a_kiosk_is_enrolled_and_a_tenant_signs_in_with_her_pin"
TWO_FACTOR = "test_two_factor_journey.py::test_a_member_of_staff_sets_up_the_second_factor_and_uses_a_backup_code"
CALLBACK = "test_callback_journey.py::test_a_tenant_asks_to_be_called_back_on_the_web"
CALLBACK_KIOSK = "test_callback_journey.py::test_a_tenant_asks_to_be_called_back_at_the_kiosk"
DEBIT_KIOSK = "test_debit_journey.py::test_a_tenant_sets_up_and_stops_her_direct_debit_at_the_kiosk"
JOURNEY_PAGES = {
    "kiosk:debit": DEBIT_KIOSK,
    "kiosk:debit-sign-up": DEBIT_KIOSK,
    "kiosk:debit-cancel": DEBIT_KIOSK,
    "kiosk:payment-plan": DEBIT_KIOSK,
    "portal:activate-code": KEYBOARD,
    "portal:activate-password": KEYBOARD,
    "portal:activate-done": KEYBOARD,
    "portal:activate-send": ACTIVATION,
    "portal:activate-pin": ACTIVATION,
    "portal:unlock-send": UNLOCK,
    "portal:unlock-code": UNLOCK,
    "portal:unlock-password": UNLOCK,
    "portal:unlock-done": UNLOCK,
    "kiosk:enrol": KIOSK,
    "kiosk:sign-in-pin": KIOSK,
    "kiosk:tenant-home": KIOSK,
    "backoffice:kiosk-enrolment": "test_backoffice_journey.py::test_a_manager_registers_a_kiosk_and_gets_its_link",
    "backoffice:two-factor-backup-codes": TWO_FACTOR,
    "backoffice:two-factor-verify": TWO_FACTOR,
    "portal:callback-done": CALLBACK,
    "kiosk:callback": CALLBACK_KIOSK,
    "kiosk:callback-done": CALLBACK_KIOSK,
}

# Not pages: actions that answer a POST with a redirect, downloads, machine endpoints.
NOT_PAGES = {
    "backoffice:debit-mandate-cancel": "POST only, redirects to the mandate list",
    "backoffice:debit-batch-file": "the pain.008 XML download",
    "backoffice:debit-batch-collected": "POST only, redirects to the batch",
    "backoffice:arrears-remind": "POST only, redirects to the arrears list",
    "backoffice:arrears-refresh": "POST only, redirects to the arrears list",
    "backoffice:plan-cancel": "POST only, redirects to the plan",
    "kiosk:payment-plan-answer": "the portal's answer page (checked there) in the kiosk's layout, once a tenant signed in",
    "portal:logout": "POST only, redirects to the sign-in page",
    "backoffice:logout": "POST only, redirects to the sign-in page",
    "backoffice:activation-letter": "POST only, a PDF download",
    "backoffice:send-activation": "POST only, redirects to the tenant file",
    "backoffice:account-unlock": "POST only, redirects to the tenant file",
    "backoffice:kiosk-revoke": "POST only, redirects to the kiosk list",
    "backoffice:announcement-withdraw": "POST only, redirects to the announcement list",
    "backoffice:callback-done": "POST only, redirects to the call-back list",
    "backoffice:landlord-logo": "POST only, the logo upload of the settings page",
    "portal:landlord-logo": "an image",
    "kiosk:finish": "POST only, redirects to the start page",
    "kiosk:still-here": "POST only, answers 204 to the timeout script",
}


def personas_of(front_end: str) -> list[str]:
    seen = []
    for page in PAGES[front_end]:
        for persona in page.personas:
            if persona not in seen:
                seen.append(persona)
    return seen


def pages_for(front_end: str, persona: str) -> list[Page]:
    return [p for p in PAGES[front_end] if persona in p.personas]


# --- security and privacy (grid_privacy.py) ----------------------------------------------------
PAGES["portal"].append(Page("portal:confirm-identity", ("tenant", "helper")))
REAUTH = "test_privacy_reauth_journey.py::test_a_tenant_confirms_it_is_her_then_changes_her_details"
PASSKEY = "test_passkey_journey.py::test_a_member_of_staff_adds_a_passkey_and_signs_in_with_it"
JOURNEY_PAGES.update({
    "portal:change-email": REAUTH,
    "portal:change-phone": REAUTH,
    "portal:change-password": REAUTH,
    "backoffice:two-factor-passkeys": PASSKEY,
})
NOT_PAGES.update({
    "backoffice:passkey-i18n": "a script (the passkey buttons' words)",
    "backoffice:passkey-register-begin": "JSON endpoint of the passkey script, POST only",
    "backoffice:passkey-register-complete": "JSON endpoint of the passkey script, POST only",
    "backoffice:passkey-authenticate-begin": "JSON endpoint of the passkey script, POST only",
    "backoffice:passkey-authenticate-complete": "JSON endpoint of the passkey script, POST only",
})


# --- digital inclusion: workshops, partners, digital spaces (grid_inclusion.py) ------------------
def _inclusion(attribute):
    """The URL arguments of one of the inclusion things of palier.inclusion.testing.things."""

    def kwargs(w):
        from palier.inclusion.testing import things

        return {"pk": getattr(things(w), attribute).pk}

    return kwargs


def _with_inclusion(w):
    """No URL arguments; makes sure the workshops, partner, space and bookings exist first."""
    from palier.inclusion.testing import things

    assert things(w)
    return {}


_INCLUSION_STAFF = ("inclusion_officer", "manager")
PAGES["portal"] += [
    Page("portal:workshops", ("tenant", "cotenant"), kwargs=_with_inclusion),
    Page("portal:workshops", ("neighbour",)),
    Page("portal:workshop-session", ("tenant", "neighbour"), kwargs=_inclusion("session")),
    Page("portal:workshop-cancel", ("tenant",), kwargs=_inclusion("session")),
    Page("portal:partners", ("tenant",), kwargs=_with_inclusion),
    Page("portal:spaces", ("tenant",), kwargs=_with_inclusion),
    Page("portal:space", ("tenant",), kwargs=_inclusion("space")),
    Page("portal:booking-cancel", ("tenant",), kwargs=_inclusion("booking")),
    Page("portal:self-assessment", ("tenant",)),
]
PAGES["kiosk"] += [
    Page("kiosk:workshops", ("kiosk",), kwargs=_with_inclusion),
    Page("kiosk:workshop-session", ("kiosk",), kwargs=_inclusion("session")),
    Page("kiosk:partners", ("kiosk",), kwargs=_with_inclusion),
    Page("kiosk:get-help", ("kiosk",), kwargs=_with_inclusion),
]
PAGES["backoffice"] += [
    Page("backoffice:inclusion-figures", _INCLUSION_STAFF, kwargs=_with_inclusion),
    Page("backoffice:inclusion-partners", ("inclusion_officer",), kwargs=_with_inclusion),
    Page("backoffice:inclusion-partner-create", ("inclusion_officer",)),
    Page("backoffice:inclusion-partner-edit", ("inclusion_officer",), kwargs=_inclusion("partner")),
    Page("backoffice:inclusion-workshops", _INCLUSION_STAFF, kwargs=_with_inclusion),
    Page("backoffice:inclusion-workshop-create", ("inclusion_officer",)),
    Page("backoffice:inclusion-workshop-edit", ("inclusion_officer",), kwargs=_inclusion("workshop")),
    Page("backoffice:inclusion-session-create", ("inclusion_officer",), kwargs=_inclusion("workshop")),
    Page("backoffice:inclusion-session", _INCLUSION_STAFF, kwargs=_inclusion("session")),
    Page("backoffice:inclusion-session-edit", ("inclusion_officer",), kwargs=_inclusion("session")),
    Page("backoffice:inclusion-spaces", ("inclusion_officer",), kwargs=_with_inclusion),
    Page("backoffice:inclusion-space-create", ("inclusion_officer",)),
    Page("backoffice:inclusion-space", ("inclusion_officer",), kwargs=_inclusion("space")),
    Page("backoffice:inclusion-space-edit", ("inclusion_officer",), kwargs=_inclusion("space")),
    Page("backoffice:inclusion-enrol", ("agent", "inclusion_officer"), kwargs=_with_inclusion, query="q=2601234"),
]
_INCLUSION_KIOSK = "test_inclusion_journey.py::test_a_tenant_takes_a_workshop_place_and_books_a_room_at_the_kiosk"
JOURNEY_PAGES.update({
    "portal:self-assessment-done": "test_inclusion_journey.py::test_a_tenant_answers_the_questions_and_sees_suggestions",
    "kiosk:workshop-cancel": _INCLUSION_KIOSK,
    "kiosk:spaces": _INCLUSION_KIOSK,
    "kiosk:space": _INCLUSION_KIOSK,
    "kiosk:booking-cancel": _INCLUSION_KIOSK,
    "kiosk:self-assessment": _INCLUSION_KIOSK,
    "kiosk:self-assessment-done": _INCLUSION_KIOSK,
})
NOT_PAGES.update({
    "portal:workshop-enrol": "POST only, redirects to the session",
    "portal:workshop-certificate": "a PDF download",
    "kiosk:workshop-enrol": "POST only, redirects to the session",
    "backoffice:inclusion-session-cancel": "POST only, redirects to the workshops",
    "backoffice:inclusion-booking-cancel": "POST only, redirects to the digital space",
    "backoffice:inclusion-enrolment-cancel": "POST only, redirects to the enrolment page",
})


# --- repairs (grid_repairs.py; journeys in test_repair_journey.py) --------------------------------
from palier.tests_grid import grid_repairs as repair_pages  # noqa: E402

PAGES["portal"] += [
    Page("portal:repairs", ("tenant", "cotenant"), kwargs=repair_pages.with_aminas_repair),
    Page("portal:repairs", ("neighbour",)),
    Page("portal:repair-report", ("tenant",)),
    Page("portal:repair-detail", ("tenant", "cotenant"), kwargs=repair_pages.amina),
    Page("portal:repair-add", ("tenant",), kwargs=repair_pages.amina),
    Page("portal:repair-cancel", ("tenant",), kwargs=repair_pages.amina),
]
_REPAIR_WEB = "test_repair_journey.py::test_a_tenant_reports_a_leak_on_the_web_one_question_per_page"
_REPAIR_EMERGENCY = "test_repair_journey.py::test_a_tenant_sees_the_emergency_number_then_says_me_too_for_the_lift"
_REPAIR_FIXED = "test_repair_journey.py::test_a_tenant_says_the_repair_is_not_fixed"
JOURNEY_PAGES.update({
    "portal:repair-report-what": _REPAIR_WEB,
    "portal:repair-report-since": _REPAIR_WEB,
    "portal:repair-report-photos": _REPAIR_WEB,
    "portal:repair-report-access": _REPAIR_WEB,
    "portal:repair-report-inform": _REPAIR_WEB,
    "portal:repair-report-check": _REPAIR_WEB,
    "portal:repair-report-done": _REPAIR_WEB,
    "portal:repair-report-emergency": _REPAIR_EMERGENCY,
    "portal:repair-report-common": _REPAIR_EMERGENCY,
    "portal:repair-fixed": _REPAIR_FIXED,
})
PAGES["backoffice"] += [
    Page("backoffice:repair-queue", ("agent", "manager"), kwargs=repair_pages.with_aminas_repair),
    Page("backoffice:repair-queue", ("technician",)),
    Page("backoffice:repair-detail", ("agent",), kwargs=repair_pages.amina),
    Page("backoffice:repair-detail", ("technician",), kwargs=lambda w: {"pk": repair_pages.assigned_repair(w).pk}),
    Page("backoffice:repair-new", ("agent",), kwargs=aminas_tenancy),
    Page("backoffice:repair-catalogue", ("manager", "administrator")),
    Page("backoffice:repair-deadlines", ("manager",)),
    Page("backoffice:repair-problem-new", ("administrator",)),
    Page("backoffice:repair-problem-edit", ("manager",), kwargs=lambda w: {"pk": repair_pages.spare_problem(w).pk}),
]
NOT_PAGES["backoffice:repair-problem-retire"] = "POST only, redirects to the catalogue"
_REPAIR_KIOSK = "test_repair_journey.py::test_a_tenant_reports_a_broken_lock_at_the_kiosk_and_follows_it"
JOURNEY_PAGES.update({f"kiosk:{name}": _REPAIR_KIOSK for name in (
    "repairs", "repair-report", "repair-report-what", "repair-report-since", "repair-report-access",
    "repair-report-inform", "repair-report-check", "repair-report-done", "repair-detail", "repair-add",
    "repair-cancel", "repair-report-emergency", "repair-report-common", "repair-fixed")})
# The contractors' front end (palier/works).
FRONT_ENDS = (*FRONT_ENDS, "works")
PAGES["works"] = [
    Page("works:login", ("anonymous",)),
    Page("works:home", ("contractor",), kwargs=lambda w: (repair_pages.batipro_order(w), {})[1]),
    Page("works:home", ("contractor",), query="show=all"),
    Page("works:order", ("contractor",), kwargs=lambda w: {"pk": repair_pages.batipro_order(w).pk}),
]
NOT_PAGES.update({
    "portal:repair-me-too": "POST only, redirects to the request",
    "works:logout": "POST only, redirects to the sign-in page",
    "kiosk:repair-me-too": "POST only, redirects to the request",
    "portal:repair-photo": "an image, served with a sandboxing policy",
})


# --- bank statements (grid_bank.py; journey in test_bank_journey.py) ------------------------------
from palier.tests_grid import grid_bank as bank_pages  # noqa: E402

PAGES["backoffice"] += [
    Page("backoffice:bank-imports", ("accountant", "manager"), kwargs=bank_pages.with_an_import),
    Page("backoffice:bank-import", ("accountant", "manager"), kwargs=bank_pages.an_import),
    Page("backoffice:bank-import", ("accountant",), kwargs=bank_pages.an_import, query="state=review"),
    Page("backoffice:bank-review", ("accountant", "manager"), kwargs=bank_pages.with_an_import),
    Page("backoffice:bank-line", ("accountant", "manager"), kwargs=bank_pages.a_line_in_review),
    Page("backoffice:bank-line", ("accountant",), kwargs=bank_pages.a_line_in_review, query="q=Peeters"),
    Page("backoffice:bank-line-split", ("accountant",), kwargs=bank_pages.a_line_in_review),
]
NOT_PAGES.update({
    "backoffice:bank-line-match": "POST only, redirects to the review queue",
    "backoffice:bank-import-file": "the original statement file, a download",
})


# --- helper mandates (grid_mandates.py) --------------------------------------------------------
from palier.tests_grid import mandate_world  # noqa: E402

PAGES["portal"].extend([
    Page("portal:mandates", ("tenant", "cotenant")),
    Page("portal:mandate-helper", ("tenant",)),
    Page("portal:mandate-journal", ("tenant",)),
    Page("portal:mandate-detail", ("tenant",), kwargs=mandate_world.with_aminas_mandate_to_sophie),
    Page("portal:mandate-ask", ("helper",)),
    Page("portal:mandate-code", ("helper",), kwargs=mandate_world.with_sophies_request),
    Page("portal:mandates", ("tenant",), kwargs=mandate_world.with_a_request_waiting_on_amina),
    Page("portal:helper-signup", ("anonymous",)),
])
PAGES["backoffice"].extend([
    Page("backoffice:tenant-mandates", ("agent", "manager"), kwargs=mandate_world.aminas_file_with_mandates),
    Page("backoffice:mandate-create", ("agent",), kwargs=aminas_tenancy),
])
MANDATE_WEB = "test_mandate_journey.py::test_a_tenant_gives_a_mandate_then_takes_part_of_it_back"
MANDATE_KIOSK = "test_mandate_journey.py::test_a_tenant_gives_a_mandate_at_the_kiosk"
MANDATE_KIOSK_HELPER = "test_mandate_journey.py::test_a_helper_signs_in_at_the_kiosk_and_acts_for_a_tenant"
PAGES["kiosk"].append(Page("kiosk:helper-sign-in", ("kiosk",)))
JOURNEY_PAGES.update({
    "portal:mandate-scopes": MANDATE_WEB,
    "portal:mandate-duration": MANDATE_WEB,
    "portal:mandate-check": MANDATE_WEB,
    "kiosk:mandates": MANDATE_KIOSK,
    "kiosk:mandate-helper": MANDATE_KIOSK,
    "kiosk:mandate-scopes": MANDATE_KIOSK,
    "kiosk:mandate-duration": MANDATE_KIOSK,
    "kiosk:mandate-check": MANDATE_KIOSK,
    "kiosk:mandate-detail": MANDATE_KIOSK,
    "kiosk:mandate-journal": MANDATE_KIOSK,
    "kiosk:helper-code": MANDATE_KIOSK_HELPER,
    "portal:helper-signup-code": "test_mandate_journey.py::test_a_daughter_creates_her_helper_account",
    "portal:helper-signup-password": "test_mandate_journey.py::test_a_daughter_creates_her_helper_account",
    "kiosk:helper-home": MANDATE_KIOSK_HELPER,
})
NOT_PAGES.update({
    "portal:mandate-take-back": "POST only, redirects to the mandate",
    "kiosk:mandate-take-back": "POST only, redirects to the mandate",
    "portal:mandate-answer": "POST only, redirects to the mandate or the list",
    "kiosk:mandate-answer": "POST only, redirects to the mandate or the list (checked in test_mandate_journey.py)",
    "kiosk:helper-act-for": "POST only, redirects to the helper's kiosk home (checked in test_mandate_journey.py)",
    "kiosk:helper-act-stop": "POST only, redirects to the helper's kiosk home (checked in test_mandate_journey.py)",
    "portal:act-for": "POST only, redirects to the helper's home (checked in test_mandate_journey.py)",
    "portal:act-stop": "POST only, redirects to the helper's home or the tenant file",
    "backoffice:act-for-tenant": "POST only, redirects to the portal home (checked in test_mandate_journey.py)",
    "backoffice:mandate-stop": "POST only, redirects to the household's mandates",
    "backoffice:mandate-scan": "the scanned form, a file",
})


# --- rent documents and online payment (grid_rentdocs.py; journeys in test_rentdocs_journey.py) ---
from palier.tests_grid import grid_rentdocs as rentdocs_pages  # noqa: E402

PAGES["portal"] += [
    Page("portal:documents", ("tenant", "cotenant"), kwargs=rentdocs_pages.with_aminas_documents),
    Page("portal:documents", ("neighbour",)),
    Page("portal:receipt-request", ("tenant",)),
    Page("portal:receipt-consent", ("tenant",)),
    Page("portal:pay", ("tenant", "cotenant")),
    Page("portal:pay-link", ("anonymous",), kwargs=rentdocs_pages.kiosk_pay_link),
]
_PAY_WEB = "test_rentdocs_journey.py::test_a_tenant_pays_online_through_the_sandbox_and_asks_for_a_receipt"
_RENT_KIOSK = "test_rentdocs_journey.py::test_at_the_kiosk_a_tenant_pays_with_her_phone_and_prints_her_notice"
JOURNEY_PAGES.update({
    "portal:pay-return": _PAY_WEB,
    "kiosk:rent": _RENT_KIOSK,
    "kiosk:rent-notice": _RENT_KIOSK,
})
NOT_PAGES.update({
    "portal:document-download": "a PDF, served with a sandboxing policy",
    "portal:statement-request": "POST only, redirects to My documents",
    "portal:notice-request": "POST only, redirects to My documents",
})
PAGES["backoffice"] += [
    Page("backoffice:tenant-rent-documents", ("agent", "accountant"),
         kwargs=rentdocs_pages.aminas_rent_file_with_a_notice),
    Page("backoffice:tenant-online-payments", ("agent", "accountant"),
         kwargs=rentdocs_pages.aminas_file_with_a_paid_payment),
]
NOT_PAGES.update({
    "backoffice:tenant-rent-document": "a PDF, served with a sandboxing policy",
    "backoffice:tenant-rent-document-send": "POST only, redirects to the tenancy's rent documents",
})


# --- contact: messages, inbox, building page, appointments, deliveries (grid_contact.py) ------
from palier.tests_grid import grid_contact as contact_pages  # noqa: E402

PAGES["portal"] += [
    Page("portal:messages", ("tenant",), kwargs=lambda w: (contact_pages.inbox_message(w), {})[1]),
    Page("portal:conversation-new", ("tenant",)),
    Page("portal:conversation", ("tenant",), kwargs=contact_pages.own(contact_pages.conversation)),
    Page("portal:inbox-message", ("tenant",), kwargs=contact_pages.own(contact_pages.inbox_message)),
    Page("portal:building", ("tenant", "cotenant"), kwargs=with_news),
    Page("portal:announcement", ("tenant",), kwargs=lambda w: {"pk": w.news[0].pk}),
    Page("portal:appointments", ("tenant",), kwargs=lambda w: (contact_pages.appointment(w), {})[1]),
    Page("portal:appointment-book", ("tenant",)),
    Page("portal:appointment-book", ("tenant",), query="kind=counter",
         kwargs=lambda w: (contact_pages.free_time(w), {})[1]),
    Page("portal:appointment-move", ("tenant",),
         kwargs=lambda w: (contact_pages.free_time(w), {"pk": contact_pages.appointment(w).pk})[1]),
]
PAGES["backoffice"] += [
    Page("backoffice:announcement-detail", ("agent",), kwargs=lambda w: {"pk": w.news[0].pk}),
    Page("backoffice:conversation-list", ("agent", "manager"), kwargs=lambda w: (contact_pages.conversation(w), {})[1]),
    Page("backoffice:conversation", ("agent",), kwargs=contact_pages.own(contact_pages.conversation)),
    Page("backoffice:appointment-list", ("agent",)),
    Page("backoffice:appointment-book", ("agent",), kwargs=lambda w: (contact_pages.free_time(w), aminas_tenancy(w))[1]),
    Page("backoffice:contact-history", ("agent", "accountant"),
         kwargs=lambda w: (contact_pages.conversation(w), aminas_tenancy(w))[1]),
    Page("backoffice:delivery-list", ("agent",), kwargs=lambda w: (contact_pages.inbox_message(w), {})[1]),
    Page("backoffice:canned-reply-list", ("manager",), kwargs=lambda w: (contact_pages.canned_reply(w), {})[1]),
    Page("backoffice:canned-reply-create", ("manager",)),
    Page("backoffice:canned-reply-edit", ("manager",), kwargs=contact_pages.own(contact_pages.canned_reply)),
]
NOT_PAGES["backoffice:canned-reply-retire"] = "POST only, redirects to the ready-made answers"
CONTACT_KIOSK = "test_contact_journey.py::test_a_tenant_writes_to_her_agency_and_books_an_appointment_at_the_kiosk"
JOURNEY_PAGES.update({
    "kiosk:messages": CONTACT_KIOSK,
    "kiosk:conversation-new": CONTACT_KIOSK,
    "kiosk:conversation": CONTACT_KIOSK,
    "kiosk:appointments": CONTACT_KIOSK,
    "kiosk:appointment-book": CONTACT_KIOSK,
    "kiosk:inbox-message": CONTACT_KIOSK,
    "kiosk:appointment-move": CONTACT_KIOSK,
})
NOT_PAGES.update({
    "portal:conversation-file": "a file, served with a sandboxing Content-Security-Policy",
    "kiosk:conversation-file": "a file, served with a sandboxing Content-Security-Policy",
    "backoffice:conversation-file": "a file, served with a sandboxing Content-Security-Policy",
    "portal:appointment-cancel": "POST only, redirects to the appointments",
    "kiosk:appointment-cancel": "POST only, redirects to the appointments",
    "backoffice:appointment-cancel": "POST only, redirects to the appointments",
    "portal:callback-cancel": "POST only, redirects to the call-back question",
    "kiosk:callback-cancel": "POST only, redirects to the call-back question",
    "backoffice:callback-not-reached": "POST only, redirects to the call-back list",
    "backoffice:conversation-close": "POST only, redirects to the messages",
    "backoffice:delivery-retry": "POST only, redirects to the deliveries",
    "backoffice:letter-batch": "a PDF download",
})


def _grid_run(w):
    from palier.privacy.models import RetentionRun

    return {"pk": (RetentionRun.objects.first() or RetentionRun.objects.create()).pk}


def _aminas_erasure(w):
    from palier.privacy.models import ErasureRequest

    erasure = ErasureRequest.objects.get_or_create(
        person_id=w.tenant_person.pk, defaults={"person_label": "Amina Benali", "report": [
            {"app": "rent", "title": "Rent", "what": "Rent ledger and payments", "count": 3, "erased": False,
             "reason": "Kept 10 years: accounting law."}]})[0]
    return {"pk": w.tenancy.pk, "erasure_pk": erasure.pk}


def _with_requests(w):
    """No URL arguments; Amina's erasure request exists first, so the register shows a row."""
    _aminas_erasure(w)
    return {}


def _amina_in_her_file(w):
    return {"pk": w.tenancy.pk, "person_pk": w.tenant_person.pk}


PRIVACY_PAGES = {
    "portal": [Page("portal:my-data", ("tenant",))],
    "backoffice": [
        Page("backoffice:national-number", ("agent",), kwargs=_amina_in_her_file),
        Page("backoffice:erasure", ("agent",), kwargs=_amina_in_her_file),
        Page("backoffice:erasure-done", ("agent",), kwargs=_aminas_erasure),
        Page("backoffice:privacy-retention", ("dpo",)),
        Page("backoffice:privacy-retention-run-detail", ("dpo",), kwargs=_grid_run),
        Page("backoffice:privacy-register", ("dpo",)),
        Page("backoffice:privacy-breaches", ("dpo",)),
        Page("backoffice:privacy-breach-new", ("dpo",)),
        Page("backoffice:privacy-requests", ("dpo",), kwargs=_with_requests),
    ],
}
for _front_end, _pages in PRIVACY_PAGES.items():
    PAGES[_front_end].extend(_pages)
NOT_PAGES.update({
    "portal:my-data-json": "a JSON download (the portal's My data page links to it)",
    "portal:my-data-pdf": "a PDF download (the portal's My data page links to it)",
    "backoffice:person-data": "POST only, a PDF or JSON download from the tenant file",
    "backoffice:erasure-letter": "a PDF download",
    "backoffice:privacy-retention-run": "POST only, redirects to the run's report",
})


# --- income documents (grid_income.py; kiosk journey in test_income_journey.py) ----------------------
from palier.tests_grid import grid_income as income_pages  # noqa: E402

PAGES["portal"] += [
    Page("portal:income", ("tenant",)),
    Page("portal:income", ("tenant", "cotenant"), kwargs=income_pages.with_campaign),
    Page("portal:income-add", ("tenant",), kwargs=income_pages.with_campaign),
    Page("portal:income-hand-in", ("tenant",), kwargs=lambda w: (income_pages.amina_doc(w), {})[1]),
]
PAGES["backoffice"] += [
    Page("backoffice:income-campaigns", ("agent", "manager"), kwargs=income_pages.with_campaign),
    Page("backoffice:income-campaign-new", ("agent", "manager")),
    Page("backoffice:income-campaign", ("agent",), kwargs=income_pages.campaign),
    Page("backoffice:income-request", ("agent",), kwargs=lambda w: (income_pages.amina_doc(w), income_pages.amina(w))[1]),
]
_INCOME_KIOSK = "test_income_journey.py::test_a_tenant_sends_her_income_documents_at_the_kiosk"
JOURNEY_PAGES.update({f"kiosk:{name}": _INCOME_KIOSK for name in ("income", "income-add", "income-hand-in")})
NOT_PAGES.update({
    "portal:income-remove": "POST only, redirects to the income documents page",
    "kiosk:income-remove": "POST only, redirects to the income documents page",
    "backoffice:income-campaign-remind": "POST only, redirects to the rent revision",
    "backoffice:income-review": "POST only, redirects to the household's income documents",
    "backoffice:income-decision": "POST only, redirects to the household's income documents",
    "backoffice:income-scan": "POST only, redirects to the household's income documents",
    "backoffice:income-document": "an income document, served with a sandboxing policy",
})


# --- needs for visits, a technician's day, contractors, moving an appointment at the agency ---------
def _aminas_access_needs(w):
    """No URL arguments; Amina agreed that her needs for visits are kept, gave two and a note, and
    shares them with the firms, so that every step of the questions shows her answers."""
    from palier.core.acting import Acting
    from palier.tenancies import access_needs
    from palier.tenancies.models import AccessNeed

    def make():
        acting, person = Acting(user=w.tenant), w.tenant_person
        access_needs.give_access_consent(acting=acting, person=person)
        access_needs.record_access_needs(acting=acting, person=person, needs=list(AccessNeed.values)[:2],
                                         note="Sonner deux fois.")
        return access_needs.choose_access_sharing(acting=acting, person=person, shared=True)

    repair_pages._cached(w, "_aminas_access_needs", make)
    return {}


def _thomas_visit_today(w):
    """No URL arguments; the request assigned to Thomas has its visit booked later today."""
    import datetime as dt

    from django.utils import timezone

    from palier.core.acting import Acting
    from palier.repairs.services import set_appointment

    def make():
        repair = repair_pages.assigned_repair(w)
        repair.refresh_from_db()
        now = timezone.localtime()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
        set_appointment(acting=Acting(user=w.agent), repair=repair, at=now + (midnight - now) / 2,
                        expected_version=repair.version)
        return repair

    repair_pages._cached(w, "_thomas_visit_today", make)
    return {}


def _firm(w):
    """BatiPro, with Luc Martin's account, and a firm the landlord no longer offers."""
    from palier.repairs.models import Contractor

    Contractor.objects.filter(pk=repair_pages.other_grid_firm(w).pk).update(active=False)
    return {"pk": repair_pages.grid_firm(w).pk}


PAGES["portal"] += [
    Page("portal:access-needs", ("tenant", "cotenant")),
    Page("portal:access-needs-consent", ("tenant", "cotenant")),
    Page("portal:access-needs", ("tenant",), kwargs=_aminas_access_needs),
    Page("portal:access-needs-needs", ("tenant",), kwargs=_aminas_access_needs),
    Page("portal:access-needs-share", ("tenant",), kwargs=_aminas_access_needs),
    Page("portal:access-needs-withdraw", ("tenant",), kwargs=_aminas_access_needs),
]
PAGES["backoffice"] += [
    Page("backoffice:appointment-move", ("agent", "manager"),
         kwargs=lambda w: (contact_pages.free_time(w), {"pk": contact_pages.appointment(w).pk})[1]),
    Page("backoffice:repair-my-day", ("agent",)),
    Page("backoffice:repair-my-day", ("technician",), kwargs=_thomas_visit_today),
    Page("backoffice:repair-contractors", ("manager", "administrator"), kwargs=lambda w: (_firm(w), {})[1]),
    Page("backoffice:repair-contractor-new", ("administrator",)),
    Page("backoffice:repair-contractor", ("manager", "administrator"), kwargs=_firm),
    Page("backoffice:repair-contractor-account-new", ("manager",), kwargs=_firm),
]


# --- my documents at the kiosk (grid_kiosk.py; journey in test_kiosk_documents_journey.py) ---------
_DOCUMENTS_KIOSK = "test_kiosk_documents_journey.py::test_a_tenant_prints_and_sends_her_documents_at_the_kiosk"
JOURNEY_PAGES.update({"kiosk:documents": _DOCUMENTS_KIOSK, "kiosk:document-print": _DOCUMENTS_KIOSK})
NOT_PAGES.update({"kiosk:document-send": "POST only, redirects to My documents at the kiosk"})


# --- the portal's pages at the kiosk, and recording the questions for a tenant -----------------
_KIOSK_PARITY = "test_kiosk_parity_journey.py::test_a_tenant_uses_the_portals_pages_at_the_kiosk"
JOURNEY_PAGES.update({
    "kiosk:building": _KIOSK_PARITY,
    "kiosk:contact-preferences": _KIOSK_PARITY,
    "kiosk:change-pin": _KIOSK_PARITY,
    "kiosk:workshop-certificate": _KIOSK_PARITY,
})
NOT_PAGES.update({
    "kiosk:workshop-certificate-send": "POST only, redirects to the workshops",
})

# The staff page is opened for one tenant: ?person=<Amina> (a query built from the world).
PAGES["backoffice"].append(Page("backoffice:inclusion-self-assessment", ("agent", "inclusion_officer"),
                                query=lambda w: f"person={w.tenant_person.pk}"))

# The accountant's corrections of a rent ledger: a correction of its own, and one entry's.
from palier.tests_grid import grid_backoffice as backoffice_grid  # noqa: E402

PAGES["backoffice"] += [
    Page("backoffice:tenant-ledger-correction", ("accountant",), kwargs=aminas_tenancy),
    Page("backoffice:tenant-ledger-entry-correction", ("accountant",), kwargs=backoffice_grid.aminas_ledger_entry),
]
