"""Back-office home, sign-in and sign-out."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.accounts.signin import next_url, user_from_form
from palier.accounts.staff import staff_users
from palier.audit.services import record
from palier.contact.queries import open_callbacks_for
from palier.estates.queries import agencies_for, estates_for, kiosks_for
from palier.tenancies.search import households_in_reach

from .forms import SearchForm, StaffLoginForm
from .permissions import nav_for, staff_only


def _home_figures(user) -> dict:
    """A few counts for the role's home page: one query each."""
    nav = nav_for(user)
    figures = {}
    if nav["tenants"]:
        figures["households"] = households_in_reach(user).distinct().count()
    if nav["estates"] and user.role != Role.ACCOUNTANT:
        figures["estates"] = estates_for(user).count()
    if nav["staff"]:
        staff = staff_users().filter(is_active=True)
        if user.role != Role.ADMINISTRATOR:
            staff = staff.filter(agencies__in=agencies_for(user)).distinct()
        figures["staff"] = staff.count()
    if nav["kiosks"]:
        figures["kiosks"] = kiosks_for(user).filter(revoked_at__isnull=True).count()
    if nav["callbacks"]:
        figures["callbacks"] = open_callbacks_for(user).count()
    return figures


@staff_only()
def home(request):
    user = request.user
    return render(request, "backoffice/home.html", {
        "nav": nav_for(user), "figures": _home_figures(user), "search_form": SearchForm(), "here": "home",
    })


def login_view(request):
    if request.user.is_authenticated and request.user.is_staff_member:
        return redirect("backoffice:home")
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_from_form(form, acting=request.acting, identifier=form.cleaned_data["identifier"],
                              secret=form.cleaned_data["password"])
        if user is not None:
            if not user.is_staff_member:
                # Right password, wrong door: no session is opened here.
                record(request.acting, "accounts.login_refused_not_staff", target=user)
                form.add_error(None, _("This sign-in is for staff."))
            else:
                accounts.sign_in(request, acting=request.acting, user=user)
                return redirect(next_url(request, default=reverse("backoffice:home"), within="/staff/"))
    return render(request, "backoffice/login.html", {"form": form})


@require_POST
def logout_view(request):
    accounts.sign_out(request, acting=request.acting)
    messages.success(request, _("You are signed out."))
    response = redirect("backoffice:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response
