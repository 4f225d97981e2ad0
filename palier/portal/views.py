import datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control

from palier.accounts.models import Role
from palier.contact import services as contact
from palier.estates.models import Landlord
from palier.tenancies.queries import person_of

from .help import help_contact, home_summary
from .mandate_views import helper_home_context


def _portal_person(request):
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


@login_required
def home(request):
    """What do I owe, what is happening with my home, who is my contact. A co-tenant sees the
    same household; a helper sees where their mandates will be."""
    if request.user.role == Role.HELPER or (request.user.is_staff_member and request.acting.for_person):
        return render(request, "portal/helper_home.html", {
            **helper_home_context(request), "help": help_contact(request), "nav": "home",
        })
    if request.user.role != Role.TENANT:
        if request.user.is_staff_member:
            return redirect("backoffice:home")
        raise Http404
    person = _portal_person(request)
    summary = home_summary(person)
    # The cards show each announcement in full: the tenant has read it (one INSERT, if any).
    contact.mark_announcements_shown(acting=request.acting, person=person,
                                     announcements=[item["announcement"] for item in summary["announcements"]])
    return render(request, "portal/home.html", {
        **summary, "help": help_contact(request), "nav": "home", "rent_link": True,
    })


# The date the accessibility statement was last reviewed; change it with the statement.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 28)


def accessibility(request):
    return render(request, "portal/accessibility.html", {
        "help": help_contact(request), "statement_date": ACCESSIBILITY_STATEMENT_DATE, "nav": "accessibility",
    })


@cache_control(public=True, max_age=3600)
def landlord_logo(request):
    """The landlord's logo, public like the name beside it. It was re-encoded as PNG on upload."""
    landlord = Landlord.current()
    if not landlord.logo:
        raise Http404
    try:
        handle = landlord.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/png")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
