"""The contact history of a household (a tab of the tenant file): one timeline of calls, visits,
letters, messages, call-backs, appointments, repair contacts and actions done on the household's
behalf, page by page, and a form to write down a call or a visit."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.contact.history import log_contact, timeline_page
from palier.contact.models import ContactChannel
from palier.core.errors import DomainError
from palier.tenancies.search import get_tenancy_for, persons_of_household

from .permissions import TENANT_ACTIONS, TENANT_FILES, nav_for, staff_only


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("How"), choices=ContactChannel.choices)
    person = forms.ChoiceField(label=gettext_lazy("With"), required=False)
    inbound = forms.BooleanField(label=gettext_lazy("The tenant contacted us"), required=False, initial=True)
    summary = forms.CharField(label=gettext_lazy("What was said"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


@staff_only(TENANT_FILES)
def contact_history(request, pk):
    tenancy = get_tenancy_for(request.acting, pk)
    persons = persons_of_household(tenancy.household_id)
    may_write = request.user.role in TENANT_ACTIONS
    form = ContactForm(request.POST or None, initial={"inbound": True})
    form.fields["person"].choices = [("", "—")] + [(str(p.pk), p.full_name) for p in persons]
    if request.method == "POST":
        if not may_write:
            from django.http import Http404

            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            person = next((p for p in persons if str(p.pk) == data["person"]), None)
            try:
                log_contact(acting=request.acting, tenancy=tenancy, person=person, channel=data["channel"],
                            summary=data["summary"], inbound=data["inbound"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The contact is written down."))
                return redirect("backoffice:contact-history", pk=tenancy.pk)
    return render(request, "backoffice/contact/history.html", {
        "tenancy": tenancy, "persons": persons, "page": timeline_page(tenancy, persons, request.GET.get("page")),
        "form": form,
        "may_write": may_write, "nav": nav_for(request.user), "here": "tenants",
    })
