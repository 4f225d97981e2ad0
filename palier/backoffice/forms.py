from django import forms
from django.utils.translation import gettext_lazy as _

from palier.accounts.models import STAFF_ROLES, Role
from palier.accounts.staff import MIN_STAFF_PASSWORD
from palier.estates.models import Agency, CommonArea, Estate, Landlord, Weekday

STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in STAFF_ROLES]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, tenancy number, address or phone number"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


class StaffForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False,
                            help_text=_("International format, +32…"))
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"), queryset=Agency.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Agents and managers see the tenants of these agencies."),
    )


class StaffCreateForm(StaffForm):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(
        label=_("First password"), strip=False, min_length=MIN_STAFF_PASSWORD,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Give it to the person in private."),
    )
    field_order = ["username", "first_name", "last_name", "email", "phone", "role", "agencies", "password"]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo"), help_text=_("A PNG or JPEG image, 1 MB at most. It appears on tenant pages and letters."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}))


class LandlordForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False,
                           help_text=_("The account tenants pay their rent into."))
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    creditor_id = forms.CharField(label=_("SEPA creditor identifier"), max_length=35, required=False)
    phone = forms.CharField(label=_("Main phone number"), max_length=30, required=False)
    emergency_phone = forms.CharField(label=_("Emergency phone number (nights and weekends)"), max_length=30,
                                      required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    password = forms.CharField(
        label=_("Your password, to change the IBAN"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Only needed when you change the bank account."),
    )

    def __init__(self, *args, user=None, landlord: Landlord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.landlord = landlord

    def clean(self):
        from palier.estates.services import compact_iban

        data = super().clean()
        new_iban = compact_iban(data.get("iban", ""))
        if self.landlord is not None and new_iban != compact_iban(self.landlord.iban):
            # Changing where rent is paid asks the person to prove again who they are.
            password = data.get("password") or ""
            if self.user is None or not self.user.check_password(password):
                self.add_error("password", _("Type your password to change the IBAN."))
        return data

    @classmethod
    def initial_for(cls, landlord: Landlord) -> dict:
        from palier.estates.services import format_iban

        data = {name: getattr(landlord, name) for name in cls.base_fields if name not in ("version", "password")}
        data["iban"] = format_iban(landlord.iban)
        data["version"] = landlord.version
        return data


class AgencyForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=100)
    phone = forms.CharField(label=_("Phone number"), max_length=30)
    email = forms.EmailField(label=_("Email address"), required=False)

    @classmethod
    def initial_for(cls, agency: Agency) -> dict:
        data = {name: getattr(agency, name) for name in cls.base_fields if name != "version"}
        data["version"] = agency.version
        return data


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=[("", "—"), *Weekday.choices], coerce=int,
                                     required=False)
    opens = forms.TimeField(label=_("Opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("Closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        weekday, opens, closes = data.get("weekday"), data.get("opens"), data.get("closes")
        filled = [v for v in (weekday, opens, closes) if v not in (None, "")]
        if filled and len(filled) < 3:
            raise forms.ValidationError(_("Give the day, the opening time and the closing time, or leave all three empty."))
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return data


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=3, max_num=21, validate_max=True)


class KioskForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example the room where it stands."))
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.none())
    common_area = forms.ModelChoiceField(label=_("Common room"), queryset=CommonArea.objects.none(), required=False)

    def __init__(self, *args, estates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = estates
        self.fields["common_area"].queryset = CommonArea.objects.filter(estate__in=estates).select_related("estate")
        self.fields["common_area"].label_from_instance = lambda area: f"{area.estate.name} – {area.name}"


class StaffLoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Username or email address"), max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=200, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LedgerCorrectionForm(forms.Form):
    """A correction of a tenancy's rent ledger, by an accountant (a new entry, signed)."""

    amount = forms.DecimalField(
        label=_("Amount of the correction (€)"), max_digits=9, decimal_places=2, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("More than zero: the household owes more (a payment booked by mistake is cancelled). "
                    "Less than zero, with a minus sign: the household owes less (a wrong charge is cancelled)."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=200,
        help_text=_("The tenant reads it in their rent history. For example: payment booked twice."),
    )
