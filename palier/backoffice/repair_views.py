"""Repairs in the back office: the queue of an agency (or of a technician), a request's file with
its timeline and what staff do to it, and a report taken on the phone or at the counter.

Agents and managers see the requests of their agencies and do everything; technicians see the
requests assigned to them or their team, plan and report on them, and write notes and messages."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts.models import Role
from palier.core.acting import Channel
from palier.core.errors import DomainError, StaleEdit
from palier.repairs import contractors as contractor_services
from palier.repairs import queries as repairs
from palier.repairs import services as repair_services
from palier.repairs.models import AccessSlot, Contractor, Priority, Problem, RepairRequest, Since, Status, Team
from palier.tenancies.models import Person
from palier.tenancies.search import get_tenancy_for

from .permissions import nav_for, staff_only

REPAIRS = frozenset({Role.AGENT, Role.MANAGER, Role.TECHNICIAN})
REPAIR_OFFICE = frozenset({Role.AGENT, Role.MANAGER})
PAGE_SIZE = 50


class QueueFilter(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All open"))] + list(Status.choices))
    priority = forms.ChoiceField(label=gettext_lazy("Priority"), required=False,
                                 choices=[("", gettext_lazy("All"))] + list(Priority.choices))
    assignee = forms.ChoiceField(label=gettext_lazy("Team or technician"), required=False)
    agency = forms.TypedChoiceField(label=gettext_lazy("Agency"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everyone")), ("none", _("Nobody yet"))]
        # Read once: the agency choices, and the teams of these agencies below.
        agencies = list(user.agencies.order_by("name")) if user is not None else []
        # Only the person's own agencies: anything else is not a valid choice.
        self.fields["agency"].choices = [("", _("All my agencies"))] + [(a.pk, a.name) for a in agencies]
        self.show_agency = len(agencies) > 1
        for team in Team.objects.filter(agency__in=agencies).order_by("name"):
            choices.append((f"team-{team.pk}", _("Team: %(name)s") % {"name": team.name}))
        for tech in _technicians(user):
            choices.append((str(tech.pk), str(tech)))
        self.fields["assignee"].choices = choices


def _technicians(user):
    from palier.accounts.models import User

    if user is None:
        return User.objects.none()
    return (User.objects.filter(role=Role.TECHNICIAN, is_active=True, agencies__in=user.agencies.all())
            .distinct().order_by("first_name", "last_name"))


@staff_only(REPAIRS)
def repair_queue(request):
    form = QueueFilter(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = repairs.queue_for(request.user, status=filters.get("status", ""), priority=filters.get("priority", ""),
                           assignee=filters.get("assignee", ""))
    if filters.get("agency"):
        qs = qs.filter(agency_id=filters["agency"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(r, repairs.deadline_state(r, now)) for r in page.object_list]
    return render(request, "backoffice/repairs/queue.html", {
        "form": form, "page": page, "rows": rows,
        "nav": nav_for(request.user), "here": "repairs",
    })


class OnTheWayForm(forms.Form):
    """No field: the button says it all."""


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=gettext_lazy("Technician"), queryset=None, required=False,
                                      empty_label=gettext_lazy("Nobody"))
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=None, required=False,
                                  empty_label=gettext_lazy("No team"))

    def __init__(self, *args, repair=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _technicians(user)
        self.fields["team"].queryset = Team.objects.filter(agency_id=repair.agency_id)


class WorkOrderForm(forms.Form):
    # Only the firms the landlord still works with (see repairs.contractors).
    contractor = forms.ModelChoiceField(label=gettext_lazy("Contractor"), queryset=Contractor.objects.none())
    scope = forms.CharField(label=gettext_lazy("Work to do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=gettext_lazy("To be done by"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=gettext_lazy("Leave empty to keep the request's deadline."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contractor"].queryset = contractor_services.offered_contractors()


class AppointmentForm(forms.Form):
    appointment_at = forms.DateTimeField(label=gettext_lazy("Visit on"),
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"))


class ReclassifyForm(forms.Form):
    problem = forms.ModelChoiceField(label=gettext_lazy("Problem"), queryset=Problem.objects.all())
    priority = forms.ChoiceField(label=gettext_lazy("Priority"), choices=Priority.choices)

    def __init__(self, *args, repair=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired problem is offered no more, except the one the request already has.
        if repair is not None:
            self.fields["problem"].queryset = Problem.objects.filter(Q(active=True) | Q(pk=repair.problem_id))


class MergeForm(forms.Form):
    into = forms.CharField(label=gettext_lazy("Reference of the request to keep"), max_length=20)


class TextForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


OFFICE_ACTIONS = ("assign", "work_order", "reclassify", "merge")


def _forms(repair, user, data=None, action=""):
    def bound(name, cls, **kw):
        return cls(data if action == name else None, prefix=name, **kw)

    found = {
        "on_the_way": bound("on_the_way", OnTheWayForm),
        "status": bound("status", StatusForm, initial={"status": repair.status}),
        "appointment": bound("appointment", AppointmentForm),
        "note": bound("note", TextForm),
        "message": bound("message", TextForm),
    }
    if user.role in REPAIR_OFFICE:
        found.update({
            "assign": bound("assign", AssignForm, repair=repair, user=user,
                            initial={"assignee": repair.assignee_id, "team": repair.team_id}),
            "work_order": bound("work_order", WorkOrderForm),
            "reclassify": bound("reclassify", ReclassifyForm, repair=repair,
                                initial={"problem": repair.problem_id, "priority": repair.priority}),
            "merge": bound("merge", MergeForm),
        })
    return found


def _do(request, repair, action, form, version):
    acting = request.acting
    data = form.cleaned_data
    if action == "status":
        repair_services.change_status(acting=acting, repair=repair, status=data["status"], expected_version=version)
        return _("The status is changed. The household is told.")
    if action == "on_the_way":
        repair_services.mark_on_the_way(acting=acting, repair=repair, expected_version=version)
        return _("The household is told you are on the way.")
    if action == "appointment":
        repair_services.set_appointment(acting=acting, repair=repair, at=data["appointment_at"],
                                        expected_version=version)
        return _("The visit is booked. The household is told and reminded the day before.")
    if action == "note":
        repair_services.add_note(acting=acting, repair=repair, text=data["text"])
        return _("The note is added. The household does not see it.")
    if action == "message":
        repair_services.message_tenant(acting=acting, repair=repair, text=data["text"])
        return _("The message is sent to the household.")
    if action == "assign":
        repair_services.assign_request(acting=acting, repair=repair, assignee=data["assignee"], team=data["team"],
                                       expected_version=version)
        return _("The request is assigned.")
    if action == "work_order":
        deadline = data["deadline"]
        at = timezone.make_aware(dt.datetime.combine(deadline, dt.time(18))) if deadline else None
        repair_services.raise_work_order(acting=acting, repair=repair, contractor=data["contractor"],
                                         scope=data["scope"], deadline=at, expected_version=version)
        return _("The work order is sent to %(name)s.") % {"name": data["contractor"].name}
    if action == "reclassify":
        repair_services.reclassify(acting=acting, repair=repair, problem=data["problem"], priority=data["priority"],
                                   expected_version=version)
        return _("The request is re-classified; its deadline follows the priority.")
    if action == "merge":
        try:
            into = repairs.staff_requests(request.user).get(reference=data["into"].strip().upper())
        except RepairRequest.DoesNotExist:
            raise DomainError(_("No request with this reference in your agency."), field="into") from None
        repair_services.merge_requests(acting=acting, duplicate=repair, into=into, expected_version=version)
        return _("The request is merged into %(reference)s.") % {"reference": into.reference}
    raise Http404


@staff_only(REPAIRS)
def repair_detail(request, pk):
    repair = repairs.get_request_for(request.acting, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    all_forms = _forms(repair, request.user, request.POST if action else None, action)
    if action:
        form = all_forms.get(action)
        if form is None:
            raise Http404
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        if form.is_valid():
            try:
                done = _do(request, repair, action, form, version)
            except StaleEdit as exc:
                messages.error(request, exc.message)
                return redirect("backoffice:repair-detail", pk=repair.pk)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return redirect("backoffice:repair-detail", pk=repair.pk)
    events = list(repair.events.select_related("by"))
    return render(request, "backoffice/repairs/detail.html", {
        "repair": repair, "events": events, "forms": all_forms, "action": action,
        "photos": list(repair.photos.all()), "work_orders": list(repair.work_orders.select_related("contractor")),
        "followers": repair.followers.count(), "state": repairs.deadline_state(repair),
        "office": request.user.role in REPAIR_OFFICE, "nav": nav_for(request.user), "here": "repairs",
    }, status=400 if action else 200)


class StaffReportForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Who reports it"), queryset=Person.objects.none(),
                                    empty_label=None)
    channel = forms.ChoiceField(label=gettext_lazy("Reported"), widget=forms.RadioSelect,
                                choices=[(Channel.PHONE, gettext_lazy("on the phone")),
                                         (Channel.COUNTER, gettext_lazy("at the counter"))])
    problem = forms.ModelChoiceField(label=gettext_lazy("Problem"), queryset=Problem.objects.filter(active=True))
    description = forms.CharField(label=gettext_lazy("What the tenant says"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    since = forms.ChoiceField(label=gettext_lazy("Since when"), choices=Since.choices)
    access_slots = forms.MultipleChoiceField(label=gettext_lazy("When someone may come in"), required=False,
                                             choices=AccessSlot.choices, widget=forms.CheckboxSelectMultiple)
    access_notes = forms.CharField(label=gettext_lazy("Access notes"), max_length=300, required=False)

    def __init__(self, *args, tenancy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(household_id=tenancy.household_id)
        self.fields["problem"].label_from_instance = lambda p: f"{p.get_room_display()} – {p.label}"


@staff_only(REPAIR_OFFICE)
def repair_new(request, pk):
    """An agent records a repair reported on the phone or at the counter, on the tenant's file."""
    tenancy = get_tenancy_for(request.acting, pk)
    form = StaffReportForm(request.POST or None, tenancy=tenancy, initial={"channel": Channel.PHONE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        acting = request.acting.on_behalf_of(data["person"], channel=data["channel"])
        try:
            repair = repair_services.report_repair(
                acting=acting, person=data["person"], problem=data["problem"], description=data["description"],
                since=data["since"], access_slots=data["access_slots"], access_notes=data["access_notes"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Repair %(reference)s is recorded. The household is told.")
                             % {"reference": repair.reference})
            return redirect("backoffice:repair-detail", pk=repair.pk)
    return render(request, "backoffice/repairs/new.html", {
        "form": form, "tenancy": tenancy, "nav": nav_for(request.user), "here": "repairs",
    })


# --- a technician's day ------------------------------------------------------------------------


@staff_only(REPAIRS)
def repair_my_day(request):
    """The visits booked today on the requests assigned to the person (or their team), in time
    order. Cancelled requests are left out."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(days=1)
    user = request.user
    visits = list(
        repairs.staff_requests(user).filter(Q(assignee=user) | Q(team__members=user))
        .filter(appointment_at__gte=start, appointment_at__lt=end).exclude(status=Status.CANCELLED)
        .select_related("problem", "building", "created_for").distinct().order_by("appointment_at", "pk")
    )
    return render(request, "backoffice/repairs/my_day.html", {
        "visits": visits, "day": start, "nav": nav_for(request.user), "here": "repairs",
    })


# --- contractors -------------------------------------------------------------------------------

# Those who configure repairs (the catalogue and the deadlines) also keep the list of firms.
CONTRACTORS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


class ContractorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the firm"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False,
                             help_text=gettext_lazy("Where work orders are sent."))
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=30, required=False,
                            help_text=gettext_lazy("International format, +32…"))
    active = forms.BooleanField(label=gettext_lazy("Offer this firm for new work orders"), required=False,
                                initial=True,
                                help_text=gettext_lazy("Untick it when the landlord stops working with the firm. "
                                                       "Its work orders and its accounts stay as they are."))


class ContractorAccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), max_length=20, required=False,
                            help_text=gettext_lazy("International format, +32…"))
    password = forms.CharField(
        label=gettext_lazy("First password"), strip=False, min_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 12 characters. Give it to the person in private. At the first sign-in, "
                               "they set up an authenticator app."),
    )


def _contractor_page(request, template, context):
    return render(request, template, {**context, "nav": nav_for(request.user), "here": "repair_catalogue"})


def _get_contractor(pk) -> Contractor:
    # The firms are the landlord's, like the catalogue: whoever configures repairs sees them all.
    try:
        return Contractor.objects.get(pk=pk)
    except (Contractor.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_only(CONTRACTORS)
def contractor_list(request):
    firms = Contractor.objects.order_by("-active", "name")
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    return _contractor_page(request, "backoffice/repairs/contractors.html", {"page": page})


@staff_only(CONTRACTORS)
def contractor_new(request):
    form = ContractorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = contractor_services.add_contractor(acting=request.acting, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("%(name)s is added. Add the accounts of the people who will sign in.")
                             % {"name": firm.name})
            return redirect("backoffice:repair-contractor", pk=firm.pk)
    return _contractor_page(request, "backoffice/repairs/contractor_form.html", {"form": form, "creating": True})


@staff_only(CONTRACTORS)
def contractor_edit(request, pk):
    firm = _get_contractor(pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("deactivate", "reactivate"):
        return _change_account(request, firm, action)
    form = ContractorForm(request.POST if action == "save" else None,
                          initial={k: getattr(firm, k) for k in contractor_services.CONTRACTOR_FIELDS})
    if action == "save" and form.is_valid():
        try:
            contractor_services.change_contractor(acting=request.acting, contractor=firm, changes=form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("backoffice:repair-contractor", pk=firm.pk)
    return _contractor_page(request, "backoffice/repairs/contractor_form.html", {
        "form": form, "firm": firm, "creating": False, "accounts": list(contractor_services.accounts_of(firm)),
    })


def _change_account(request, firm, action: str):
    try:
        member = contractor_services.get_account_of(firm, request.POST.get("account"))
    except DomainError:
        raise Http404 from None
    if action == "deactivate":
        contractor_services.deactivate_contractor_account(acting=request.acting, contractor=firm, user=member)
        messages.success(request, _("%(name)s can no longer sign in. Their open sessions were ended.")
                         % {"name": member})
    else:
        contractor_services.reactivate_contractor_account(acting=request.acting, contractor=firm, user=member)
        messages.success(request, _("%(name)s can sign in again.") % {"name": member})
    return redirect("backoffice:repair-contractor", pk=firm.pk)


@staff_only(CONTRACTORS)
def contractor_account_new(request, pk):
    firm = _get_contractor(pk)
    form = ContractorAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = contractor_services.create_contractor_account(acting=request.acting, contractor=firm,
                                                                   **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The account of %(name)s is ready. Give them their username and first "
                                        "password in private.") % {"name": member.get_full_name() or member.username})
            return redirect("backoffice:repair-contractor", pk=firm.pk)
    return _contractor_page(request, "backoffice/repairs/contractor_account_form.html", {"form": form, "firm": firm})
