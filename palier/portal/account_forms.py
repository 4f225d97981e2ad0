"""Forms of the account pages that need the person to confirm who they are first."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmIdentityForm(forms.Form):
    secret = forms.CharField(
        label=_("Your password"), max_length=200, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, pin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if pin:
            self.fields["secret"].label = _("Your PIN for the kiosk")
            self.fields["secret"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class ChangeEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your new email address"), required=False, max_length=254,
        help_text=_("Leave it empty to remove your email address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChangePhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Your new phone number"), required=False, max_length=20,
        help_text=_("For example 0470 12 34 56. Leave it empty to remove your phone number."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and not (9 <= len(digits) <= 15):
            raise forms.ValidationError(_("Type a phone number of 9 to 15 digits, for example 0470 12 34 56."))
        return phone


class ChangePasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a new password"),
        help_text=_("At least 8 characters. Not only digits. Not an easy one like “password123”."),
        max_length=200, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
