"""Turn the JSON of "My data" into headings, lists of fields and tables a person can read (the
PDF and the portal page), with the field names in plain words of the reader's language."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "person": _("You"), "first_name": _("First name"), "last_name": _("Last name"),
    "date_of_birth": _("Date of birth"), "national_register_number": _("National register number"),
    "phone": _("Phone"), "email": _("Email"), "language": _("Language"), "role_in_household": _("Role in the household"),
    "contact_preferences": _("How we keep you informed"), "portal_inbox": _("In your inbox on this website"),
    "sms": _("By SMS"), "post": _("By post"), "account": _("Your account"), "username": _("User name"),
    "activated_at": _("Account activated on"), "has_password": _("Has a password"), "has_kiosk_pin": _("Has a kiosk PIN"),
    "household": _("Your household"), "name": _("Name"), "members": _("Members"), "role": _("Role"),
    "tenancies": _("Tenancies"), "number": _("Tenancy number"), "dwelling": _("Dwelling"),
    "start_date": _("Start date"), "end_date": _("End date"), "monthly_rent": _("Monthly rent"),
    "monthly_charges": _("Monthly service charges"), "structured_communication": _("Structured communication"),
    "tenancy": _("Tenancy"), "date": _("Date"), "period": _("Period"), "kind": _("Kind"), "label": _("Label"),
    "amount": _("Amount"), "channel": _("Channel"), "callbacks": _("Call-backs"),
    "announcements_read": _("Announcements you read"), "announcement": _("Announcement"), "read_at": _("Read on"),
    "conversations": _("Conversations"), "messages": _("Messages"), "to": _("To"), "subject": _("Subject"),
    "text": _("Text"), "state": _("State"), "created_at": _("Created on"), "sent_at": _("Sent on"),
    "at": _("When"), "what": _("What"), "by": _("By"), "about": _("About"),
    # Needs for visits (palier.tenancies.access_needs)
    "consent_given": _("You agreed that we keep them"), "consent_given_at": _("Agreed on"),
    "consent_given_by": _("Agreed by"), "consent_channel": _("Channel"), "needs_for_visits": _("Your needs"),
    "note": _("Note"), "shared_with_firms": _("The firms that come for repairs see them"),
}


def label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ").capitalize()))


def _scalar(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if isinstance(value, (list, tuple)):
        return ", ".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(k)}: {_scalar(v)}" for k, v in value.items())
    return str(value)


def parts(data, heading=None) -> list[dict]:
    """A list of {"heading"?, "fields": [(label, text)]} and {"heading", "columns", "rows"} parts."""
    out = []
    if isinstance(data, list):
        if not data:
            out.append({"heading": heading, "empty": True})
        elif all(isinstance(row, dict) for row in data):
            columns = []
            for row in data:
                columns += [k for k in row if k not in columns and not k.endswith("_label")]
            out.append({"heading": heading, "columns": [label(c) for c in columns],
                        "rows": [[_scalar(row.get(c + "_label", row.get(c))) for c in columns] for row in data]})
        else:
            out.append({"heading": heading, "fields": [(label(heading or ""), _scalar(data))]})
        return out
    if isinstance(data, dict):
        fields = [(label(k), _scalar(v)) for k, v in data.items()
                  if not isinstance(v, (dict, list)) and not k.endswith("_label")]
        if fields or heading:
            out.append({"heading": heading, "fields": fields})
        for k, v in data.items():
            if isinstance(v, (dict, list)):
                out += parts(v, heading=label(k))
        return out
    out.append({"heading": heading, "fields": [(label(heading or ""), _scalar(data))]})
    return out


def readable(export: dict) -> list[dict]:
    return [{"title": s["title"], "parts": parts(s["data"])} for s in export["sections"]]
