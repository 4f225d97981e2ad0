"""The tenant's choices at the kiosk: how to be kept informed, the building page, a new PIN.

Contact preferences and the building page are the portal's pages drawn on the kiosk (`Front`).
Changing the email address or the phone number is not offered here: the portal asks for the
password and a code sent to the new address, which cannot be done safely on a shared screen."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.core.errors import DomainError
from palier.portal import building_views, profile_views
from palier.rent.direct_debit import check_reauthentication

from .forms import ChangePinForm
from .fronts import on_kiosk
from .views import _render, kiosk_required

contact_preferences = never_cache(on_kiosk(profile_views.contact_preferences_page))
building = on_kiosk(building_views.building_page)


@kiosk_required
@never_cache
def change_pin(request):
    """The signed-in tenant chooses a new PIN: she types the current one first (5 wrong tries in
    30 minutes block it for a while). A helper signed in here has no PIN of the tenant's to change."""
    if not request.user.is_authenticated:
        return redirect("kiosk:sign-in")
    if request.user.role != Role.TENANT:
        raise Http404
    form = ChangePinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_reauthentication(acting=request.acting, secret=form.cleaned_data["current_pin"])
            accounts.set_pin(acting=request.acting, user=request.user, pin=form.cleaned_data["pin"])
        except DomainError as exc:
            form.add_error("current_pin" if exc.field == "secret" else "pin", exc.message)
        else:
            messages.success(request, _("Your new PIN is saved. Use it next time."))
            return redirect("kiosk:tenant-home")
    return _render(request, "kiosk/change_pin.html", {"form": form})
