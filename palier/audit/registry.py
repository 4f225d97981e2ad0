"""Readable text for dotted audit actions. Each app registers its own actions from
`AppConfig.ready()`; an unknown action reads as its dotted name."""

from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, str] = {}


def register(action: str, text) -> None:
    _ACTIONS[action] = text


def describe(event) -> str:
    return str(_ACTIONS.get(event.action, event.action))


register("accounts.logged_in", _("Signed in"))
register("accounts.logged_out", _("Signed out"))
register("accounts.login_failed", _("Failed sign-in attempt"))
register("accounts.login_refused_locked", _("Sign-in refused: account locked"))
register("accounts.unlocked", _("Account unlocked"))
register("accounts.activated", _("Account activated"))
register("accounts.activation_code_issued", _("Activation code issued"))
register("accounts.activation_failed", _("Failed activation attempt"))
register("accounts.pin_set", _("Kiosk PIN chosen"))
register("accounts.password_changed", _("Password changed"))
register("accounts.staff_created", _("Staff account created"))
register("accounts.staff_updated", _("Staff account changed"))
register("accounts.unlock_code_issued", _("Unlock code sent"))
register("accounts.unlocked_by_staff", _("Account unlocked by staff"))
register("tenancies.tenant_account_created", _("Tenant account created"))
register("tenancies.activation_letter_printed", _("Activation letter printed"))
register("accounts.unlock_failed", _("Wrong unlock code"))
register("audit.sensitive_read", _("Sensitive data viewed"))
register("accounts.code_request_refused", _("Code not sent: too many requests"))
register("accounts.sms_capped", _("SMS not sent: too many for this number today"))
