from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your email, phone number or tenancy number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ContactPreferencesForm(forms.Form):
    """How the tenant wants to be kept informed. The rules (email only with an email on file…)
    live in tenancies.services.update_contact_preferences."""

    by_portal = forms.BooleanField(label=_("In my inbox on this website"), required=False)
    by_email = forms.BooleanField(label=_("By email"), required=False)
    by_sms = forms.BooleanField(label=_("By SMS"), required=False)
    by_post = forms.BooleanField(label=_("By post"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    CHANNELS = ("by_portal", "by_email", "by_sms", "by_post")

    @classmethod
    def for_person(cls, person, data=None):
        initial = {name: getattr(person, name) for name in cls.CHANNELS}
        initial["version"] = person.version
        return cls(data, initial=initial)

    @classmethod
    def current_state_of(cls, person):
        """A form bound to the person's saved choices, to show them with an error after a stale edit."""
        data = {name: "on" for name in cls.CHANNELS if getattr(person, name)}
        data["version"] = person.version
        form = cls(data)
        form.is_valid()
        return form


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Which language do you want?"), choices=settings.LANGUAGES,
                                 widget=forms.RadioSelect)


class CallbackForm(forms.Form):
    """Ask to be called back: when, on which number, and a short note. The rules live in
    contact.services.request_callback."""

    when = forms.ChoiceField(label=_("When can we call you?"), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Your phone number"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    note = forms.CharField(
        label=_("What is it about? (optional)"), max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )

    def __init__(self, *args, **kwargs):
        from palier.contact.models import CallbackWhen

        super().__init__(*args, **kwargs)
        self.fields["when"].choices = CallbackWhen.choices
