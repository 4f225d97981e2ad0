"""Staff accounts: the administrator creates, changes and deactivates them; a manager reads the
list of their agencies' staff."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palier.accounts import second_factor
from palier.accounts import staff as staff_services
from palier.accounts.models import Role
from palier.core.errors import DomainError
from palier.estates.queries import agencies_for
from palier.estates.services import set_staff_agencies

from .forms import StaffCreateForm, StaffForm
from .permissions import STAFF_ADMIN, STAFF_LIST, nav_for, staff_only


def _staff_in_reach(user):
    staff = staff_services.staff_users().prefetch_related("agencies").order_by("last_name", "first_name", "pk")
    if user.role != Role.ADMINISTRATOR:
        staff = staff.filter(agencies__in=agencies_for(user)).distinct()
    return staff


def _get_staff(user, pk):
    try:
        return _staff_in_reach(user).get(pk=pk)
    except (staff_services.User.DoesNotExist, ValueError):
        raise Http404 from None


@staff_only(STAFF_LIST)
def staff_list(request):
    page = Paginator(_staff_in_reach(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/staff_list.html", {
        "page": page, "can_edit": request.user.role in STAFF_ADMIN, "nav": nav_for(request.user), "here": "staff",
    })


def _show_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_only(STAFF_ADMIN)
def staff_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agencies = data.pop("agencies")
        try:
            with transaction.atomic():
                user = staff_services.create_staff_account(acting=request.acting, **data)
                set_staff_agencies(acting=request.acting, user=user, agencies=agencies)
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The account of %(name)s is ready. Give them their username and first "
                                        "password in private.") % {"name": user.get_full_name() or user.username})
            return redirect("backoffice:staff-list")
    return render(request, "backoffice/staff_form.html", {
        "form": form, "creating": True, "nav": nav_for(request.user), "here": "staff",
    })


@staff_only(STAFF_ADMIN)
def staff_edit(request, pk):
    member = _get_staff(request.user, pk)
    initial = {name: getattr(member, name) for name in ("first_name", "last_name", "email", "phone", "role")}
    initial["agencies"] = list(member.agencies.all())
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") in ("deactivate", "reactivate"):
        return _change_status(request, member, request.POST["action"])
    if request.method == "POST" and request.POST.get("action") == "reset-second-factor" and member != request.user:
        second_factor.reset(acting=request.acting, user=member)
        messages.success(request, _("%(name)s will set up a new authenticator app at the next sign-in.")
                         % {"name": member})
        return redirect("backoffice:staff-edit", pk=member.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agencies = data.pop("agencies")
        try:
            with transaction.atomic():
                staff_services.update_staff_account(acting=request.acting, user=member, changes=data)
                set_staff_agencies(acting=request.acting, user=member, agencies=agencies)
        except DomainError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("backoffice:staff-list")
    return render(request, "backoffice/staff_form.html", {
        "form": form, "member": member, "creating": False, "is_self": member.pk == request.user.pk,
        "has_second_factor": second_factor.has_device(member),
        "nav": nav_for(request.user), "here": "staff",
    })


def _change_status(request, member, action: str):
    try:
        if action == "deactivate":
            staff_services.deactivate_staff_account(acting=request.acting, user=member)
            messages.success(request, _("%(name)s can no longer sign in. Their open sessions were ended.")
                             % {"name": member})
        else:
            staff_services.reactivate_staff_account(acting=request.acting, user=member)
            messages.success(request, _("%(name)s can sign in again.") % {"name": member})
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:staff-edit", pk=member.pk)
    return redirect("backoffice:staff-list")
