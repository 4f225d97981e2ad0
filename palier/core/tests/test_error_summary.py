from django import forms
from django.template.loader import render_to_string


class ChoiceForm(forms.Form):
    language = forms.ChoiceField(choices=[("fr", "Français"), ("nl", "Nederlands")], widget=forms.RadioSelect)
    name = forms.CharField()


def test_each_error_in_the_summary_links_to_its_field_even_for_a_list_of_choices():
    form = ChoiceForm(data={})
    html = render_to_string("core/_form_errors.html", {"form": form})
    assert 'href="#id_language_0"' in html
    assert 'href="#id_name"' in html
