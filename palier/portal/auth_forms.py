"""Forms of the activation and unlock journeys: one question per page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TenancyNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Your tenancy number"),
        help_text=_("You find it on your letter or on your rent notice."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split())
        if not number.isdigit():
            raise forms.ValidationError(_("Type only the digits of your tenancy number."))
        return number


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your activation code"),
        help_text=_("It is on your letter, for example ABCD-2345. Or type the code we sent you."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )


class UnlockCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code we sent you"),
        help_text=_("6 digits."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 8 characters. Not only digits. Not an easy one like “password123”."),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Choose a PIN of 6 digits"),
        help_text=_("You type it on the screen in the common room. Not 123456, not 111111."),
        max_length=6,
        strip=True,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}),
    )


class ChangePinForm(PinForm):
    current_password = forms.CharField(
        label=_("Your password"),
        help_text=_("To check that it is you."),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "pin"]


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your email, phone number or tenancy number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )


class DestinationForm(forms.Form):
    """Where to send a code; the choices are masked phones and email addresses."""

    destination = forms.ChoiceField(label=_("Where should we send the code?"), widget=forms.RadioSelect)

    def __init__(self, *args, destinations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = [(d.key, self.describe(d)) for d in destinations]
        if len(destinations) == 1:
            self.fields["destination"].initial = destinations[0].key

    @staticmethod
    def describe(destination) -> str:
        if destination.method == "sms":
            return _("By SMS to %(phone)s") % {"phone": destination.label}
        return _("By email to %(email)s") % {"email": destination.label}
