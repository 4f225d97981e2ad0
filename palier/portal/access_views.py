"""Needs for visits, from "My details": one question per page. First "may we keep them?", then
the needs, then "may the firms that come for repairs see them?". The tenant answers for
themself; a helper whose mandate covers repairs, or staff at the counter or on the phone, can
answer on their behalf (the consent records who and through which channel)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from palier.audit.services import record_sensitive_read
from palier.core.errors import DomainError
from palier.mandates.scopes import Scope
from palier.tenancies import access_needs as service
from palier.tenancies.models import AccessNeed

from .help import help_contact
from .served import served_person

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class ConsentForm(forms.Form):
    answer = forms.ChoiceField(label=gettext_lazy("Do you agree that we keep your needs for visits?"),
                               choices=YES_NO, widget=forms.RadioSelect,
                               error_messages={"required": gettext_lazy("Choose yes or no.")})


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(label=gettext_lazy("What should the person who comes know?"),
                                      choices=AccessNeed.choices, widget=forms.CheckboxSelectMultiple,
                                      required=False)
    note = forms.CharField(label=gettext_lazy("Anything else to know? (optional)"), required=False,
                           max_length=service.NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("For example: please ring twice, speak slowly."))

    def clean(self):
        data = super().clean()
        if not data.get("needs") and not (data.get("note") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose at least one need, or write a note."))
        return data


class ShareForm(forms.Form):
    answer = forms.ChoiceField(label=gettext_lazy("May the firms that come for repairs see your needs?"),
                               choices=YES_NO, widget=forms.RadioSelect,
                               error_messages={"required": gettext_lazy("Choose yes or no.")})


def _served(request):
    """The tenant whose needs these are: the signed-in tenant, a tenant a helper acts for under a
    mandate covering repairs, or one staff act for; 404 for anyone else."""
    return served_person(request, Scope.REPAIRS)


def _page(request, template, **context):
    return render(request, f"portal/{template}", {"help": help_contact(request), "nav": "profile", **context})


@login_required
def access_needs(request):
    """Where things stand: nothing kept, or the needs, the sharing choice and the consent."""
    person = _served(request)
    found = service.needs_of(person)
    if found is not None and not found.is_empty and request.user.pk != person.user_id:
        # Someone other than the person reads health data: written in the audit trail.
        record_sensitive_read(request.acting, person, service.SENSITIVE_FIELD, subject_person_id=person.pk)
    return _page(request, "access_needs.html", person=person, found=found)


@login_required
def consent(request):
    person = _served(request)
    had_consent = service.has_consent(person)
    initial = {"answer": "yes"} if had_consent else {}
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == "yes":
                service.give_access_consent(acting=request.acting, person=person)
                return redirect("portal:access-needs-needs")
            if service.withdraw_access_consent(acting=request.acting, person=person):
                messages.success(request, _("We erased your needs for visits."))
            else:
                messages.success(request, _("We keep nothing about your needs."))
            return redirect("portal:access-needs")
        except DomainError as exc:
            form.add_error(None, exc.message)
    return _page(request, "access_needs_consent.html", person=person, form=form)


@login_required
def needs(request):
    person = _served(request)
    if not service.has_consent(person):
        return redirect("portal:access-needs-consent")
    form = NeedsForm(request.POST or None, initial={"needs": person.access_needs, "note": person.access_needs_note})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_access_needs(acting=request.acting, person=person, needs=form.cleaned_data["needs"],
                                        note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("portal:access-needs-share")
    return _page(request, "access_needs_needs.html", person=person, form=form)


@login_required
def share(request):
    person = _served(request)
    if not service.has_consent(person):
        return redirect("portal:access-needs-consent")
    form = ShareForm(request.POST or None, initial={"answer": "yes" if person.access_needs_shared else "no"})
    if request.method == "POST" and form.is_valid():
        try:
            service.choose_access_sharing(acting=request.acting, person=person,
                                          shared=form.cleaned_data["answer"] == "yes")
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("portal:access-needs")
    return _page(request, "access_needs_share.html", person=person, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request):
    """Take the consent back: everything about the needs is erased at once."""
    person = _served(request)
    if not service.has_consent(person):
        return redirect("portal:access-needs")
    if request.method == "POST":
        try:
            service.withdraw_access_consent(acting=request.acting, person=person)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("We erased your needs for visits."))
        return redirect("portal:access-needs")
    return _page(request, "access_needs_withdraw.html", person=person)
