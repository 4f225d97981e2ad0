"""Finding a tenant and opening their file."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.accounts import services as accounts
from palier.audit.services import record
from palier.core.errors import DomainError
from palier.rent.queries import balance_summary
from palier.tenancies.letters import activation_letter_pdf
from palier.tenancies.models import Person
from palier.tenancies.search import get_tenancy_for, persons_of_household, search_page
from palier.tenancies.services import Method, issue_activation

from .forms import SearchForm
from .history import contact_history
from .permissions import TENANT_ACTIONS, TENANT_FILES, nav_for, staff_only

PAGE_SIZE = 25


@staff_only(TENANT_FILES)
def tenant_search(request):
    form = SearchForm(request.GET or None)
    page = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
    if query:
        page = search_page(request.user, query, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "backoffice/tenant_search.html", {
        "form": form, "query": query, "page": page, "nav": nav_for(request.user), "here": "tenants",
    })


def _main_person(persons):
    return persons[0] if persons else None


@staff_only(TENANT_FILES)
def tenant_detail(request, pk):
    tenancy = get_tenancy_for(request.acting, pk)
    persons = persons_of_household(tenancy.household_id)
    main = _main_person(persons)
    # Opening a tenant's file is itself written down: who looked, when, at whose file.
    record(request.acting, "backoffice.tenant_file_viewed", target=tenancy,
           subject_person_id=main.pk if main else None)
    can_act = request.user.role in TENANT_ACTIONS
    return render(request, "backoffice/tenant_detail.html", {
        "tenancy": tenancy, "persons": persons, "history": contact_history(persons),
        "can_act": can_act, "nav": nav_for(request.user), "here": "tenants",
        "balance": balance_summary(tenancy),
    })


def _person_in(request, pk, person_pk) -> Person:
    if request.user.role not in TENANT_ACTIONS:
        raise Http404
    tenancy = get_tenancy_for(request.acting, pk)
    return get_object_or_404(Person.objects.select_related("user"), pk=person_pk, household_id=tenancy.household_id)


@staff_only(TENANT_ACTIONS)
@require_POST
def activation_letter(request, pk, person_pk):
    person = _person_in(request, pk, person_pk)
    try:
        pdf = activation_letter_pdf(acting=request.acting.on_behalf_of(person), person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:tenant-detail", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="activation-{person.pk}.pdf"'
    return response


@staff_only(TENANT_ACTIONS)
@require_POST
def send_activation(request, pk, person_pk):
    person = _person_in(request, pk, person_pk)
    method = request.POST.get("method")
    if method not in (Method.SMS, Method.EMAIL):
        raise Http404
    try:
        issue_activation(acting=request.acting.on_behalf_of(person), person=person, method=method)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if method == Method.SMS:
            messages.success(request, _("The activation code was sent by SMS to %(name)s.") % {"name": person.full_name})
        else:
            messages.success(request, _("The activation code was sent by email to %(name)s.") % {"name": person.full_name})
    return redirect("backoffice:tenant-detail", pk=pk)


@staff_only(TENANT_ACTIONS)
@require_POST
def unlock(request, pk, person_pk):
    person = _person_in(request, pk, person_pk)
    if person.user is None:
        raise Http404
    try:
        accounts.staff_unlock(acting=request.acting.on_behalf_of(person), user=person.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The account of %(name)s is unlocked. They can sign in again now.")
                         % {"name": person.full_name})
    return redirect("backoffice:tenant-detail", pk=pk)
