"""The tenant's own details and choices: profile, contact preferences, language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from palier.accounts.models import Role
from palier.core.errors import DomainError, StaleEdit
from palier.mandates.scopes import Scope
from palier.tenancies import services as tenancies
from palier.tenancies.queries import get_person_for, person_of

from .forms import ContactPreferencesForm, LanguageForm
from .fronts import Front, on_portal
from .help import help_contact
from .served import served_person


def _own_person(request):
    """The signed-in tenant's own Person (a helper or staff member has none here: 404)."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    return get_person_for(request.acting, person.pk)


def _served(request):
    """The tenant whose details these are: the signed-in tenant, or the tenant a helper (whose
    mandate covers messages) or a staff member acts for; 404 otherwise."""
    if request.user.role == Role.TENANT:
        return _own_person(request)
    return served_person(request, Scope.MESSAGES)


def _tenant_or_helper(request):
    if request.user.role not in (Role.TENANT, Role.HELPER):
        raise Http404


@login_required
def profile(request):
    """A helper who acts for nobody sees their own account; one acting for a tenant sees that
    tenant's details if the mandate covers messages (else 404)."""
    if request.user.role != Role.TENANT and request.acting.for_person is not None:
        person = _served(request)
    else:
        _tenant_or_helper(request)
        person = _own_person(request) if request.user.role == Role.TENANT else None
    members = list(person.household.persons.all()) if person else []
    return render(request, "portal/profile.html", {
        "person": person,
        "members": members,
        "language_name": dict(settings.LANGUAGES).get(person.language if person else request.user.language, ""),
        "help": help_contact(request),
        "nav": "profile",
    })


def _portal_render(request, template, context, status=200):
    return render(request, template, {**context, "help": help_contact(request), "base_template": "portal/base.html",
                                      "nav": "profile"}, status=status)


PORTAL = Front("portal", "portal/base.html", False, _portal_render)


def contact_preferences_page(request, front: Front):
    """How the tenant wants to be kept informed; drawn on the portal and on the kiosk."""
    person = _served(request)
    form = ContactPreferencesForm.for_person(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tenancies.update_contact_preferences(
                acting=request.acting, person=person, by_portal=data["by_portal"], by_email=data["by_email"],
                by_sms=data["by_sms"], by_post=data["by_post"], expected_version=data["version"],
            )
        except StaleEdit as exc:
            person.refresh_from_db()
            form = ContactPreferencesForm.current_state_of(person)
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect(front.url("tenant-home" if front.kiosk else "profile"))
    return front.render(request, "portal/contact_preferences.html", {
        "form": form, "person": person, "front": front,
        "back": front.url("tenant-home" if front.kiosk else "profile"),
    })


contact_preferences = on_portal(PORTAL)(contact_preferences_page)


@login_required
def language(request):
    _tenant_or_helper(request)
    person = _own_person(request) if request.user.role == Role.TENANT else None
    current = person.language if person else request.user.language
    form = LanguageForm(request.POST or None, initial={"language": current})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        try:
            tenancies.change_language(acting=request.acting, person=person, language=chosen)
        except DomainError as exc:
            form.add_error("language", exc.message)
        else:
            translation.activate(chosen)
            messages.success(request, _("Palier now speaks your language."))
            response = redirect("portal:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE, httponly=False, samesite="Lax",
            )
            return response
    selected = form["language"].value() or current
    return render(request, "portal/language.html", {
        "form": form, "languages": settings.LANGUAGES, "selected": selected, "help": help_contact(request),
        "nav": "profile",
    })
