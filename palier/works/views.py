"""The contractors' front end. A contractor's users see only the work orders of their firm, with
the minimum about the tenant (name, phone, access notes); they confirm the appointment, report the
work done (with photos), or report that no one was home."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts import services as accounts
from palier.accounts.models import Role
from palier.accounts.signin import next_url, user_from_form
from palier.audit.services import record
from palier.backoffice.forms import StaffLoginForm
from palier.backoffice.permissions import second_factor_redirect
from palier.core.errors import DomainError
from palier.repairs import queries as repairs
from palier.repairs import services as repair_services
from palier.repairs.models import AccessSlot, WorkOrderStatus
from palier.repairs.photos import MAX_PHOTOS

PAGE_SIZE = 30


def contractor_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "kiosk", None) is not None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "works:login")
        if request.user.role != Role.CONTRACTOR:
            raise Http404
        pending = second_factor_redirect(request)
        if pending is not None:
            return pending
        return view(request, *args, **kwargs)

    return wrapper


def login_view(request):
    if getattr(request, "kiosk", None) is not None:
        raise Http404
    if request.user.is_authenticated and request.user.role == Role.CONTRACTOR:
        return redirect("works:home")
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_from_form(form, acting=request.acting, identifier=form.cleaned_data["identifier"],
                              secret=form.cleaned_data["password"])
        if user is not None:
            if user.role != Role.CONTRACTOR:
                record(request.acting, "accounts.login_refused_not_staff", target=user)
                form.add_error(None, _("This sign-in is for contractors."))
            else:
                accounts.sign_in(request, acting=request.acting, user=user)
                return redirect(next_url(request, default=reverse("works:home"), within="/works/"))
    return render(request, "works/login.html", {"form": form})


@require_POST
def logout_view(request):
    accounts.sign_out(request, acting=request.acting)
    response = redirect("works:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@contractor_only
def order_list(request):
    orders = repairs.work_orders_for(request.user).select_related("request__problem").order_by(
        "status", "deadline", "pk")
    show = request.GET.get("show", "open")
    if show != "all":
        orders = orders.filter(status__in=[WorkOrderStatus.SENT, WorkOrderStatus.CONFIRMED,
                                           WorkOrderStatus.NO_ONE_HOME])
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "works/list.html", {"page": page, "show": show})


class ConfirmForm(forms.Form):
    appointment_at = forms.DateTimeField(label=gettext_lazy("Visit on"),
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"))


class MultiplePhotoInput(forms.ClearableFileInput):
    """A plain `<input type="file" multiple>`: several photos at once, without JavaScript."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class DoneForm(forms.Form):
    report = forms.CharField(label=gettext_lazy("What was done"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    photo = PhotosField(label=gettext_lazy("Photos of the work (optional)"), required=False,
                        widget=MultiplePhotoInput(attrs={"accept": "image/*"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _("Up to %(count)d photos, 10 MB each.") % {"count": MAX_PHOTOS}

    def clean_photo(self):
        photos = self.cleaned_data.get("photo") or []
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("Send %(count)d photos at most.") % {"count": MAX_PHOTOS})
        return photos


def _report_done(acting, order, *, report: str, uploads) -> None:
    """Keep the photos, then report the work done. When a photo is refused or the report fails,
    the photos already kept are deleted, files included: nothing is left without a request."""
    kept = []
    try:
        for upload in uploads:
            kept.append(repair_services.upload_photo(acting=acting, upload=upload))
        repair_services.report_work_order_done(acting=acting, order=order, report=report,
                                               photo_ids=[p.pk for p in kept])
    except BaseException:
        for photo in kept:
            repair_services.discard_pending_photo(acting=acting, photo=photo)
        raise


class NoOneHomeForm(forms.Form):
    report = forms.CharField(label=gettext_lazy("What happened"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


@contractor_only
def order_detail(request, pk):
    order = repairs.get_work_order_for(request.acting, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    confirm = ConfirmForm(request.POST if action == "confirm" else None, prefix="confirm")
    done = DoneForm(request.POST if action == "done" else None, request.FILES if action == "done" else None,
                    prefix="done")
    no_one = NoOneHomeForm(request.POST if action == "no_one_home" else None, prefix="no_one")
    form = {"confirm": confirm, "done": done, "no_one_home": no_one}.get(action)
    if action and form is None:
        raise Http404
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "confirm":
                repair_services.confirm_work_order_appointment(acting=request.acting, order=order,
                                                               at=data["appointment_at"])
                messages.success(request, _("The visit is confirmed. The household is told."))
            elif action == "done":
                _report_done(request.acting, order, report=data["report"], uploads=data["photo"])
                messages.success(request, _("Thank you. The work is reported done."))
            else:
                repair_services.report_no_one_home(acting=request.acting, order=order, report=data["report"])
                messages.success(request, _("Noted. The agency will call the household for a new visit."))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("works:order", pk=order.pk)
    slots = [AccessSlot(s).label for s in order.access_slots if s in AccessSlot.values]
    photos = list(order.request.photos.all())
    return render(request, "works/order.html", {
        "order": order, "confirm": confirm, "done": done, "no_one": no_one, "slots": slots, "photos": photos,
        "finished": order.status in (WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED),
    }, status=400 if action else 200)
