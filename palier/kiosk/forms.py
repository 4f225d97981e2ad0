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
