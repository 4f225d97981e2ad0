"""The repairs catalogue and deadlines in the back office: what tenants may report (words in four
languages, pictogram, who is responsible, default priority, safety advice, emergency) and how long
each priority class may take.

Managers and administrators configure them: the catalogue is the landlord's, not an agency's."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.core.errors import DomainError, StaleEdit
from palier.repairs import configuration
from palier.repairs.catalogue import words_in
from palier.repairs.models import LANGUAGES, Priority, Problem, RepairSettings, Responsible, Room

from .permissions import nav_for, staff_only

CATALOGUE = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
LANGUAGE_NAMES = {"fr": gettext_lazy("French"), "nl": gettext_lazy("Dutch"), "de": gettext_lazy("German"),
                  "en": gettext_lazy("English")}


class ProblemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=1)
    room = forms.ChoiceField(label=gettext_lazy("Room"), choices=Room.choices)
    pictogram = forms.ChoiceField(label=gettext_lazy("Pictogram"), widget=forms.RadioSelect)
    responsible = forms.ChoiceField(label=gettext_lazy("Who repairs it"), choices=Responsible.choices,
                                    help_text=gettext_lazy("As the regional list of repairs says."))
    priority = forms.ChoiceField(label=gettext_lazy("Default priority"), choices=Priority.choices)
    is_emergency = forms.BooleanField(
        label=gettext_lazy("Emergency: show the emergency number before any form"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pictogram"].choices = [(key, key) for key in configuration.pictogram_choices()]
        for language in LANGUAGES:
            name = LANGUAGE_NAMES[language]
            attrs = {"lang": language}
            self.fields[f"label_{language}"] = forms.CharField(
                label=_("Problem (%(language)s)") % {"language": name}, max_length=200,
                widget=forms.TextInput(attrs=attrs))
            self.fields[f"advice_{language}"] = forms.CharField(
                label=_("Safety advice (%(language)s)") % {"language": name}, max_length=500, required=False,
                widget=forms.Textarea(attrs={**attrs, "rows": 2}))
            self.fields[f"tenant_hint_{language}"] = forms.CharField(
                label=_("What to do when it is the tenant's job (%(language)s)") % {"language": name},
                max_length=500, required=False, widget=forms.Textarea(attrs={**attrs, "rows": 2}))

    def language_fields(self):
        """(language name, its three fields) for the template's fieldsets."""
        return [(LANGUAGE_NAMES[lang], lang, [self[f"{kind}_{lang}"] for kind in ("label", "advice", "tenant_hint")])
                for lang in LANGUAGES]

    def main_fields(self):
        return [self[name] for name in ("room", "responsible", "priority")]

    def words(self) -> dict:
        data = self.cleaned_data
        return {lang: {kind: data.get(f"{kind}_{lang}", "") for kind in ("label", "advice", "tenant_hint")}
                for lang in LANGUAGES}

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("room", "pictogram", "responsible", "priority", "is_emergency")}

    @staticmethod
    def initial_for(problem: Problem) -> dict:
        initial = {"version": problem.version, "room": problem.room, "pictogram": problem.pictogram,
                   "responsible": problem.responsible, "priority": problem.priority,
                   "is_emergency": problem.is_emergency}
        for language in LANGUAGES:
            with translation.override(language):
                words = words_in(problem, language)
                initial[f"label_{language}"] = str(words.label)
                initial[f"advice_{language}"] = str(words.advice or "")
                initial[f"tenant_hint_{language}"] = str(words.tenant_hint or "")
        return initial


class DeadlinesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=1)
    emergency_hours = forms.IntegerField(label=gettext_lazy("Emergency: make safe within (hours)"),
                                         min_value=1, max_value=72)
    urgent_days = forms.IntegerField(label=gettext_lazy("Urgent: repair within (days)"), min_value=1, max_value=60)
    routine_days = forms.IntegerField(label=gettext_lazy("Routine: repair within (days)"), min_value=1, max_value=365)
    untouched_alert_hours = forms.IntegerField(
        label=gettext_lazy("Alert the officer when nobody touched a new request for (hours)"),
        min_value=1, max_value=720)

    @staticmethod
    def initial_for(settings: RepairSettings) -> dict:
        return {"version": settings.version, **{k: getattr(settings, k) for k in configuration.DEADLINE_FIELDS}}


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _page(request, template, context):
    return render(request, template, {**context, "nav": nav_for(request.user), "here": "repair_catalogue"})


@staff_only(CATALOGUE)
def repair_catalogue(request):
    problems = list(Problem.objects.order_by("position", "code"))
    rooms = [(label, [p for p in problems if p.room == value]) for value, label in Room.choices]
    return _page(request, "backoffice/repairs/catalogue.html", {
        "rooms": rooms, "settings": RepairSettings.current(),
    })


@staff_only(CATALOGUE)
def repair_problem_new(request):
    form = ProblemForm(request.POST or None, initial={"pictogram": "wrench", "responsible": Responsible.LANDLORD,
                                                      "priority": Priority.ROUTINE})
    if request.method == "POST" and form.is_valid():
        try:
            problem = configuration.add_problem(acting=request.acting, words=form.words(), **form.values())
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("“%(label)s” is added to the catalogue.") % {"label": problem.label})
            return redirect("backoffice:repair-catalogue")
    return _page(request, "backoffice/repairs/problem_form.html", {"form": form})


@staff_only(CATALOGUE)
def repair_problem_edit(request, pk):
    problem = get_object_or_404(Problem, pk=pk)
    form = ProblemForm(request.POST or None, initial=ProblemForm.initial_for(problem))
    if request.method == "POST" and form.is_valid():
        try:
            configuration.change_problem(acting=request.acting, problem=problem,
                                         expected_version=form.cleaned_data["version"] or 0,
                                         words=form.words(), **form.values())
        except StaleEdit as exc:
            # Show the current state, and say why.
            messages.error(request, exc.message)
            problem = get_object_or_404(Problem, pk=pk)
            form = ProblemForm(initial=ProblemForm.initial_for(problem))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("“%(label)s” is saved.") % {"label": problem.label})
            return redirect("backoffice:repair-catalogue")
    return _page(request, "backoffice/repairs/problem_form.html", {
        "form": form, "problem": problem,
        "requests": problem.requests.count(),
    })


@require_POST
@staff_only(CATALOGUE)
def repair_problem_retire(request, pk):
    problem = get_object_or_404(Problem, pk=pk)
    retire = request.POST.get("retire") != "no"
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        configuration.retire_problem(acting=request.acting, problem=problem, expected_version=version, retire=retire)
    except StaleEdit as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:repair-problem-edit", pk=problem.pk)
    if retire:
        messages.success(request, _("“%(label)s” is no longer offered. Its requests keep it.") % {"label": problem.label})
    else:
        messages.success(request, _("“%(label)s” is offered again.") % {"label": problem.label})
    return redirect("backoffice:repair-catalogue")


@staff_only(CATALOGUE)
def repair_deadlines(request):
    current = RepairSettings.current()
    form = DeadlinesForm(request.POST or None, initial=DeadlinesForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in configuration.DEADLINE_FIELDS}
        try:
            configuration.change_deadlines(acting=request.acting, expected_version=form.cleaned_data["version"] or 0,
                                           **values)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            form = DeadlinesForm(initial=DeadlinesForm.initial_for(RepairSettings.current()))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The deadlines are saved. New requests follow them."))
            return redirect("backoffice:repair-catalogue")
    return _page(request, "backoffice/repairs/deadlines.html", {"form": form})
