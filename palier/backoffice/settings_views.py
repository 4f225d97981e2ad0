"""Landlord settings and agencies: the administrator's configuration pages."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError, StaleEdit
from palier.estates.models import Agency, Landlord
from palier.estates.queries import get_agency_for
from palier.estates.services import set_landlord_logo, update_agency, update_landlord

from .forms import AgencyForm, LandlordForm, LogoForm, OpeningHoursFormSet
from .permissions import SETTINGS, nav_for, staff_only


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_only(SETTINGS)
def landlord_settings(request):
    landlord = Landlord.current()
    form = LandlordForm(request.POST or None, initial=LandlordForm.initial_for(landlord), user=request.user,
                        landlord=landlord)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "password")}
        try:
            update_landlord(acting=request.acting, landlord=landlord, expected_version=form.cleaned_data["version"],
                            changes=changes)
        except StaleEdit as exc:
            # Show the current state, and say why.
            messages.error(request, exc.message)
            landlord = Landlord.current()
            form = LandlordForm(initial=LandlordForm.initial_for(landlord), user=request.user, landlord=landlord)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The landlord settings are saved."))
            return redirect("backoffice:landlord-settings")
    return _settings_page(request, form, LogoForm())


def _settings_page(request, form, logo_form):
    return render(request, "backoffice/landlord_settings.html", {
        "form": form, "logo_form": logo_form, "landlord": Landlord.current(), "agencies": Agency.objects.order_by("name"),
        "nav": nav_for(request.user), "here": "settings",
    })


@require_POST
@staff_only(SETTINGS)
def landlord_logo(request):
    landlord = Landlord.current()
    logo_form = LogoForm(request.POST, request.FILES)
    if logo_form.is_valid() and landlord.pk:
        try:
            set_landlord_logo(acting=request.acting, landlord=landlord, upload=logo_form.cleaned_data["logo"])
        except DomainError as exc:
            _form_error(logo_form, exc)
        else:
            messages.success(request, _("The new logo is saved."))
            return redirect("backoffice:landlord-settings")
    form = LandlordForm(initial=LandlordForm.initial_for(landlord), user=request.user, landlord=landlord)
    return _settings_page(request, form, logo_form)


def _hours_initial(agency):
    return [{"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in agency.opening_hours.all()]


@staff_only(SETTINGS)
def agency_edit(request, pk):
    agency = get_agency_for(request.acting, pk)
    form = AgencyForm(request.POST or None, initial=AgencyForm.initial_for(agency))
    hours = OpeningHoursFormSet(request.POST or None, initial=_hours_initial(agency), prefix="hours")
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        opening_hours = [
            (f.cleaned_data["weekday"], f.cleaned_data["opens"], f.cleaned_data["closes"])
            for f in hours if f.cleaned_data and f.cleaned_data.get("weekday") not in (None, "")
        ]
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            update_agency(acting=request.acting, agency=agency, expected_version=form.cleaned_data["version"],
                          changes=changes, opening_hours=opening_hours)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            agency = get_agency_for(request.acting, pk)
            form = AgencyForm(initial=AgencyForm.initial_for(agency))
            hours = OpeningHoursFormSet(initial=_hours_initial(agency), prefix="hours")
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The agency “%(name)s” is saved.") % {"name": agency.name})
            return redirect("backoffice:landlord-settings")
    return render(request, "backoffice/agency_form.html", {
        "form": form, "hours": hours, "agency": agency, "nav": nav_for(request.user), "here": "settings",
    })
