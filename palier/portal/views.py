from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.tenancies.queries import current_tenancy_of, person_of

from .forms import LoginForm
from .help import help_contact


def _portal_person(request):
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


@login_required
def home(request):
    """What do I owe, what is happening with my home, who is my contact."""
    if request.user.role != Role.TENANT:
        if request.user.is_staff_member:
            return redirect("backoffice:home")
        raise Http404
    person = _portal_person(request)
    tenancy = current_tenancy_of(person)
    return render(request, "portal/home.html", {"person": person, "tenancy": tenancy, "help": help_contact(request)})


def login_view(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.authenticate(
                acting=request.acting, identifier=form.cleaned_data["identifier"], secret=form.cleaned_data["password"]
            )
        except accounts.LoginLocked as exc:
            form.add_error(None, exc.message)
        except accounts.LoginFailed as exc:
            form.add_error(None, exc.message)
        else:
            accounts.sign_in(request, acting=request.acting, user=user)
            nxt = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                return redirect(nxt)
            return redirect("backoffice:home" if user.is_staff_member else "portal:home")
    return render(request, "portal/login.html", {"form": form, "help": help_contact(request)})


@require_POST
def logout_view(request):
    accounts.sign_out(request, acting=request.acting)
    messages.success(request, _("You are signed out."))
    response = redirect("portal:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def accessibility(request):
    return render(request, "portal/accessibility.html", {"help": help_contact(request)})
