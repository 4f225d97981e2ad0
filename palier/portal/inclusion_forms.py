"""Forms of the workshop, digital space and self-assessment pages (portal and kiosk)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palier.inclusion.models import Answer

YES_NO = (("yes", _("Yes")), ("no", _("No")))
ANSWER_REQUIRED = {"required": _("Choose an answer.")}
DEVICES = (("smartphone", _("A smartphone")), ("computer", _("A computer")), ("tablet", _("A tablet")))


class SlotForm(forms.Form):
    # The free times are drawn by the template (grouped by day); the service checks the one chosen.
    slot = forms.CharField(max_length=40, error_messages={"required": _("Choose a time.")})


class SelfAssessmentForm(forms.Form):
    internet_at_home = forms.ChoiceField(label=_("Do you have internet at home?"), choices=YES_NO,
                                         widget=forms.RadioSelect,
                              error_messages=ANSWER_REQUIRED)
    devices = forms.MultipleChoiceField(label=_("Which of these do you have?"), choices=DEVICES, required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Tick all that apply, or none."))
    email = forms.ChoiceField(label=_("Are you at ease with e-mail?"), choices=Answer.choices,
                              widget=forms.RadioSelect,
                              error_messages=ANSWER_REQUIRED)
    online_forms = forms.ChoiceField(label=_("Are you at ease with forms on the internet?"), choices=Answer.choices,
                              widget=forms.RadioSelect,
                              error_messages=ANSWER_REQUIRED)
    banking = forms.ChoiceField(label=_("Are you at ease with banking on the internet?"), choices=Answer.choices,
                                widget=forms.RadioSelect,
                              error_messages=ANSWER_REQUIRED)
    wants_help = forms.ChoiceField(label=_("Would you like some help?"), choices=YES_NO, widget=forms.RadioSelect,
                              error_messages=ANSWER_REQUIRED)

    # One question per page, in this order.
    STEPS = ("internet_at_home", "devices", "email", "online_forms", "banking", "wants_help")

    @classmethod
    def for_step(cls, name: str, data=None, initial=None):
        """The form reduced to the one question `name`."""
        form = cls(data, initial=initial)
        form.fields = {name: form.fields[name]}
        return form
