""""My data": the tenant (or a helper with the documents scope) downloads everything Palier holds
about them, as a readable PDF and as a JSON file a computer can read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from palier.mandates.scopes import Scope
from palier.privacy import services as privacy
from palier.privacy.registry import contributors

from .help import help_contact
from .served import served_person


@login_required
def my_data(request):
    person = served_person(request, Scope.DOCUMENTS)
    return render(request, "portal/privacy/my_data.html", {
        "person": person, "sections": [c.title for c in contributors() if c.export], "help": help_contact(request),
        "nav": "profile",
    })


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(person, ext: str) -> str:
    return f"palier-my-data-{timezone.localdate():%Y-%m-%d}.{ext}"


@login_required
def my_data_json(request):
    person = served_person(request, Scope.DOCUMENTS)
    data = privacy.export_person(acting=request.acting, person=person)
    return _download(privacy.export_json(data), "application/json; charset=utf-8", _file_name(person, "json"))


@login_required
def my_data_pdf(request):
    person = served_person(request, Scope.DOCUMENTS)
    data = privacy.export_person(acting=request.acting, person=person)
    return _download(privacy.export_pdf(data, language=person.language), "application/pdf", _file_name(person, "pdf"))
