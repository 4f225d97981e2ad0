"""Income documents for the rent revision, for a tenant (or a helper with the documents scope).

One question per page: the overview (what we ask, what you sent) → add a document (one file) →
"have you sent everything?". The same pages serve the kiosk (`palier/kiosk/income_views.py`)
through a `Front`, where the file field also opens the camera and the page says that paper can be
brought to the office instead."""


from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.core.errors import DomainError
from palier.income import queries as income
from palier.income import services as income_services
from palier.income.files import MAX_BYTES
from palier.mandates.scopes import Scope

from .fronts import Front, on_portal
from .help import help_contact
from .served import served_person


def _portal_render(request, template, context, status=200):
    return render(request, template, {**context, "help": help_contact(request), "nav": "documents"}, status=status)


PORTAL = Front("portal", "portal/base.html", False, _portal_render)


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Which document do you want to send?"),
        help_text=gettext_lazy("A PDF file or a photo, up to 10 MB. Send one page or one file at a time."),
        error_messages={"required": gettext_lazy("Choose a file.")})

    def __init__(self, *args, kiosk=False, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {"accept": "application/pdf,image/jpeg,image/png", "aria-describedby": "id_document-hint"}
        if kiosk:
            attrs["capture"] = "environment"
        self.fields["document"].widget.attrs.update(attrs)


def _served(request):
    person = served_person(request, Scope.DOCUMENTS)
    acting = request.acting if person.user_id == request.user.pk else request.acting.on_behalf_of(person)
    return person, acting


def _request_of(person):
    found = income.current_request_of(person)
    if found is None:
        raise Http404
    return found


def _ctx(front, **extra):
    return {"front": front, "base_template": front.base_template, "max_mb": MAX_BYTES // (1024 * 1024),
            "u": {"income": front.url("income"), "add": front.url("income-add"), "hand_in": front.url("income-hand-in")},
            **extra}


def overview_page(request, front: Front):
    person, _acting = _served(request)
    found = income.current_request_of(person)
    return front.render(request, "portal/income/overview.html", _ctx(
        front, income_request=found, documents=list(found.documents.all()) if found else []))


def add_page(request, front: Front):
    person, acting = _served(request)
    found = _request_of(person)
    if not found.is_open:
        return redirect(front.url("income"))
    form = DocumentForm(request.POST or None, request.FILES or None, kiosk=front.kiosk)
    if request.method == "POST" and form.is_valid():
        try:
            income_services.add_document(acting=acting, request=found, upload=form.cleaned_data["document"])
        except DomainError as exc:
            form.add_error("document", exc.message)
        else:
            messages.success(request, _("Thank you. We have your document."))
            return redirect(front.url("income"))
    return front.render(request, "portal/income/add.html", _ctx(front, form=form, income_request=found),
                        status=400 if form.errors else 200)


def hand_in_page(request, front: Front):
    person, acting = _served(request)
    found = _request_of(person)
    if not found.is_open:
        return redirect(front.url("income"))
    error = ""
    if request.method == "POST":
        try:
            income_services.hand_in(acting=acting, request=found)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Thank you. We will check your documents and tell you."))
            return redirect(front.url("income"))
    return front.render(request, "portal/income/hand_in.html", _ctx(
        front, income_request=found, documents=list(found.documents.all()), error=error),
        status=400 if error else 200)


def remove_action(request, front: Front, pk):
    person, acting = _served(request)
    found = _request_of(person)
    document = income.own_document(found, pk)
    try:
        income_services.remove_document(acting=acting, document=document)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The file is removed."))
    return redirect(front.url("income"))


_portal = on_portal(PORTAL)


income_overview = _portal(overview_page)
income_add = _portal(add_page)
income_hand_in = _portal(hand_in_page)
income_remove = require_POST(_portal(remove_action))
