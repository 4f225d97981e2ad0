from django import forms
from django.utils.translation import gettext_lazy as _


class TenancyNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Your tenancy number"),
        help_text=_("It is on your rent letters. Only digits."),
        max_length=20,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "input--number", "spellcheck": "false",
            "autocapitalize": "none", "aria-describedby": "number-hint",
        }),
    )

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split())
        if not number.isdigit() or len(number) > 10:
            raise forms.ValidationError(_("Type only the digits of your tenancy number."))
        return number


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        help_text=_("The 6 digits you chose for the kiosk."),
        max_length=6,
        strip=True,
        widget=forms.PasswordInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "input--pin", "aria-describedby": "pin-hint",
        }),
    )

    def clean_pin(self):
        pin = self.cleaned_data["pin"]
        if not (pin.isdigit() and len(pin) == 6):
            raise forms.ValidationError(_("Your PIN has 6 digits. Type them again."))
        return pin


class ChangePinForm(forms.Form):
    """The current PIN (to check that it is still the same person) and the new one."""

    current_pin = forms.CharField(
        label=_("Your PIN now"),
        help_text=_("The 6 digits you typed to sign in."),
        max_length=6,
        strip=True,
        widget=forms.PasswordInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "input--pin",
            "aria-describedby": "id_current_pin_helptext",
        }),
    )
    pin = forms.CharField(
        label=_("Your new PIN"),
        help_text=_("6 digits. Not 123456, not 111111."),
        max_length=6,
        strip=True,
        widget=forms.PasswordInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "input--pin", "aria-describedby": "id_pin_helptext",
        }),
    )

    def _six_digits(self, name):
        pin = self.cleaned_data[name]
        if not (pin.isdigit() and len(pin) == 6):
            raise forms.ValidationError(_("A PIN has 6 digits. Type them again."))
        return pin

    def clean_current_pin(self):
        return self._six_digits("current_pin")

    def clean_pin(self):
        return self._six_digits("pin")
