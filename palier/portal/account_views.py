"""Changing an email address, a phone number or a password: the person first confirms who they
are with their password (accounts.reauth), so a session left open on a shared computer cannot be
used to take the account over."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palier.accounts import reauth
from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.accounts.signin import next_url
from palier.core.errors import DomainError, StaleEdit
from palier.tenancies import services as tenancies
from palier.tenancies.queries import get_person_for, person_of

from .account_forms import ChangeEmailForm, ChangePasswordForm, ChangePhoneForm, ConfirmIdentityForm
from .help import help_contact


def _page(request, template, **context):
    return render(request, f"portal/account/{template}", {"help": help_contact(request), "nav": "profile", **context})


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _own_person(request):
    """Only the tenant themself changes their email or phone (never a helper: 404)."""
    if request.user.role != Role.TENANT:
        raise Http404
    person = person_of(request.user)
    if person is None:
        raise Http404
    return get_person_for(request.acting, person.pk)


def _confirm_first(request):
    return redirect(f"{reverse('portal:confirm-identity')}?{urlencode({'next': request.path})}")


@login_required
def confirm_identity(request):
    if request.user.role not in (Role.TENANT, Role.HELPER):
        raise Http404
    pin = reauth.uses_pin(request.user)
    back = next_url(request, default=reverse("portal:profile"), within="/profile/")
    form = ConfirmIdentityForm(request.POST or None, pin=pin, initial={"next": back})
    if request.method == "POST" and form.is_valid():
        try:
            reauth.confirm_identity(request, acting=request.acting, secret=form.cleaned_data["secret"])
        except (accounts.LoginFailed, accounts.LoginLocked) as exc:
            _form_error(form, exc)
        else:
            return redirect(back)
    return _page(request, "confirm_identity.html", form=form, pin=pin)


def _contact_change(request, *, form_class, field, template, done):
    person = _own_person(request)
    if not reauth.recently_confirmed(request):
        return _confirm_first(request)
    form = form_class(request.POST or None, initial={field: getattr(person, field), "version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            tenancies.change_contact_details(acting=request.acting, person=person,
                                             expected_version=form.cleaned_data["version"],
                                             **{field: form.cleaned_data[field]})
        except StaleEdit as exc:
            person.refresh_from_db()
            form = form_class(initial={field: getattr(person, field), "version": person.version})
            form.add_error(None, exc.message)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            reauth.forget(request)
            messages.success(request, done)
            return redirect("portal:profile")
    return _page(request, template, form=form, person=person)


@login_required
def change_email(request):
    return _contact_change(request, form_class=ChangeEmailForm, field="email", template="change_email.html",
                           done=_("Your email address is saved."))


@login_required
def change_phone(request):
    return _contact_change(request, form_class=ChangePhoneForm, field="phone", template="change_phone.html",
                           done=_("Your phone number is saved."))


@login_required
def change_password(request):
    if request.user.role not in (Role.TENANT, Role.HELPER):
        raise Http404
    if not reauth.recently_confirmed(request):
        return _confirm_first(request)
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_password(acting=request.acting, user=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            reauth.forget(request)
            messages.success(request, _("Your new password is saved. Use it next time you sign in."))
            return redirect("portal:profile")
    return _page(request, "change_password.html", form=form)
