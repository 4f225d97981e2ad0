from django import forms
from django.utils.translation import gettext_lazy as _


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=10,
        help_text=_("6 digits. The app shows a new code every 30 seconds."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none",
            "spellcheck": "false", "size": "8", "class": "input--code",
        }),
    )


class BackupCodeForm(forms.Form):
    backup_code = forms.CharField(
        label=_("Backup code"), max_length=12,
        help_text=_("8 letters and digits, from the list you kept. Each code works once."),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "size": "12", "class": "input--code",
        }),
    )
