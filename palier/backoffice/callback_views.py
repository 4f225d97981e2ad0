"""Call-back requests: agents and managers see the open requests of their agencies' tenants and
mark them done once they have called."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.contact import services as contact
from palier.contact.queries import get_callback_for, open_callbacks_for

from .permissions import CALLBACKS, nav_for, staff_only


@staff_only(CALLBACKS)
def callback_list(request):
    return render(request, "backoffice/callbacks/list.html", {
        "callbacks": list(open_callbacks_for(request.user)[:200]), "nav": nav_for(request.user), "here": "callbacks",
    })


@staff_only(CALLBACKS)
@require_POST
def callback_done(request, pk):
    callback = get_callback_for(request.acting, pk)
    contact.close_callback(acting=request.acting.on_behalf_of(callback.person, channel="phone"), callback=callback,
                           note=request.POST.get("note", ""))
    messages.success(request, _("The call-back to %(name)s is marked as done.") % {"name": callback.person})
    return redirect("backoffice:callback-list")


@staff_only(CALLBACKS)
@require_POST
def callback_not_reached(request, pk):
    callback = get_callback_for(request.acting, pk)
    callback = contact.callback_not_reached(acting=request.acting.on_behalf_of(callback.person, channel="phone"),
                                            callback=callback, note=request.POST.get("note", ""))
    if callback.state == "open":
        messages.success(request, _("%(name)s was not reached: the call is moved to the next working day and the "
                                    "tenant is told.") % {"name": callback.person})
    else:
        messages.success(request, _("%(name)s was not reached after several tries: the tenant is asked to call "
                                    "the agency.") % {"name": callback.person})
    return redirect("backoffice:callback-list")
