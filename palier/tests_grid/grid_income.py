"""The rent revision grid: income documents on the portal and the kiosk, and the back office's
campaigns, households' files and documents.

Amina's and her neighbour's households (Agence Marolles) are asked by Marolles' campaign; the far
household (Janssens, Agence Schaerbeek) by Schaerbeek's. Only the household itself, a helper
with the documents scope (Lucie) and the agents and managers of the household's agency see them;
accountants, technicians and administrators do not. Objects are made on first use."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
OFFICE = ("agent", "manager")
ASKED = "the served household's own request (helpers without the scope and staff: 404)"
PDF = b"%PDF-1.7\n% grid income\n%%EOF\n"


def _cached(w, name, make):
    if name not in vars(w):
        setattr(w, name, make())
    return vars(w)[name]


def _open(user, agency):
    import datetime as dt

    from django.utils import timezone

    from palier.core.acting import Acting
    from palier.income.services import open_campaign

    return open_campaign(acting=Acting(user=user), year=2031, agency=agency,
                         deadline=timezone.localdate() + dt.timedelta(days=30))


def marolles_campaign(w):
    agency = w.tenancy.dwelling.building.estate.agency
    return _cached(w, "_income_campaign", lambda: _open(w.agent, agency))


def far_campaign(w):
    w.far_tenancy  # noqa: B018 - the far household exists before its agency is asked
    agency = w.far_tenancy.dwelling.building.estate.agency
    return _cached(w, "_income_far_campaign", lambda: _open(w.other_agent, agency))


def aminas_request(w):
    return marolles_campaign(w).requests.get(household=w.tenancy.household)


def neighbours_request(w):
    return marolles_campaign(w).requests.get(household=w.neighbour_tenancy.household)


def far_request(w):
    return far_campaign(w).requests.get(household=w.far_tenancy.household)


def _document(w, name, request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from palier.core.acting import Acting
    from palier.income.services import add_document

    return _cached(w, name, lambda: add_document(
        acting=Acting(user=w.agent if request.campaign.agency_id == marolles_campaign(w).agency_id else w.other_agent,
                      channel="counter"),
        request=request, upload=SimpleUploadedFile("revenus.pdf", PDF, content_type="application/pdf")))


def with_campaign(w):
    """No URL argument; Amina's and her neighbour's households are asked first."""
    marolles_campaign(w)
    return {}


def amina_doc(w):
    return {"pk": _document(w, "_income_amina_doc", aminas_request(w)).pk}


def neighbour_doc(w):
    return {"pk": _document(w, "_income_neighbour_doc", neighbours_request(w)).pk}


def far_doc(w):
    return {"pk": _document(w, "_income_far_doc", far_request(w)).pk}


def campaign(w):
    return {"pk": marolles_campaign(w).pk}


def far(w):
    return {"pk": far_campaign(w).pk}


def amina(w):
    return {"pk": aminas_request(w).pk}


def far_household(w):
    return {"pk": far_request(w).pk}


def today(w):
    from django.utils import timezone

    return {"decided_on": timezone.localdate().isoformat()}


def kiosk_page(name, **kw):
    """A kiosk page: the device without anybody signed in goes to the sign-in; any other client
    is not a kiosk (404)."""
    return row(name, kiosk=to("kiosk:sign-in"), default=NOT_FOUND, **kw)


INCOME = Grid("income", (), [
    # The portal: the served household's own pages. They take no argument (nobody else's request
    # can be asked for); `with_campaign` only makes sure the households were asked first.
    row("portal:income", **NEEDS_SIGN_IN, tenant=OK, cotenant=OK, neighbour=OK, helper_out_of_scope=OK,
        default=NOT_FOUND),
    row("portal:income-add", kwargs=with_campaign, label=ASKED, **NEEDS_SIGN_IN, tenant=OK, cotenant=OK, neighbour=OK,
        helper_out_of_scope=OK, default=NOT_FOUND),
    row("portal:income-hand-in", kwargs=with_campaign, label=ASKED, **NEEDS_SIGN_IN, tenant=OK, cotenant=OK, neighbour=OK,
        helper_out_of_scope=OK, default=NOT_FOUND),
    # The kiosk: the same pages in its layout.
    kiosk_page("kiosk:income"),
    kiosk_page("kiosk:income-add", kwargs=with_campaign, label=ASKED),
    kiosk_page("kiosk:income-hand-in", kwargs=with_campaign, label=ASKED),
    # The back office: agents and managers of the household's agency.
    staff_only("backoffice:income-campaigns", (*OFFICE, "other_agent")),
    staff_only("backoffice:income-campaign-new", (*OFFICE, "other_agent")),
    staff_only("backoffice:income-campaign", OFFICE, kwargs=campaign),
    staff_only("backoffice:income-campaign", ("other_agent",), kwargs=far, label="another agency's campaign"),
    staff_only("backoffice:income-request", OFFICE, kwargs=amina),
    staff_only("backoffice:income-request", ("other_agent",), kwargs=far_household,
               label="a household of another agency"),
    staff_only("backoffice:income-document", OFFICE, kwargs=amina_doc),
    staff_only("backoffice:income-document", ("other_agent",), kwargs=far_doc, label="a document of another agency"),
    # POST only: opened with GET, the roles who may use them get 405.
    staff_only("backoffice:income-campaign-remind", (*OFFICE, "other_agent"), allowed=NOT_ALLOWED, kwargs=campaign),
    staff_only("backoffice:income-campaign-remind", OFFICE, allowed=to("backoffice:income-campaign"),
               kwargs=campaign, method="post"),
    staff_only("backoffice:income-campaign-remind", ("other_agent",), allowed=to("backoffice:income-campaign"),
               kwargs=far, method="post", label="another agency's campaign"),
    staff_only("backoffice:income-review", (*OFFICE, "other_agent"), allowed=NOT_ALLOWED, kwargs=amina),
    staff_only("backoffice:income-review", OFFICE, allowed=to("backoffice:income-request"), kwargs=amina,
               method="post", data=lambda w: {"accept": "1"}),
    staff_only("backoffice:income-review", ("other_agent",), allowed=to("backoffice:income-request"),
               kwargs=far_household, method="post", data=lambda w: {"accept": "1"},
               label="a household of another agency"),
    staff_only("backoffice:income-scan", (*OFFICE, "other_agent"), allowed=NOT_ALLOWED, kwargs=amina),
    # A POST without a file shows the household's page again, with the error.
    staff_only("backoffice:income-scan", OFFICE, allowed=400, kwargs=amina, method="post"),
    staff_only("backoffice:income-scan", ("other_agent",), allowed=400, kwargs=far_household, method="post",
               label="a household of another agency"),
    staff_only("backoffice:income-decision", (*OFFICE, "other_agent"), allowed=NOT_ALLOWED, kwargs=amina),
    staff_only("backoffice:income-decision", OFFICE, allowed=to("backoffice:income-request"), kwargs=amina,
               method="post", data=today),
    staff_only("backoffice:income-decision", ("other_agent",), allowed=to("backoffice:income-request"),
               kwargs=far_household, method="post", data=today, label="a household of another agency"),
    # Removing a file: POST only, checked before who asks; then the household's own files only.
    row("portal:income-remove", kwargs=amina_doc, default=NOT_ALLOWED),
    row("portal:income-remove", kwargs=amina_doc, method="post", label="Amina's document", **NEEDS_SIGN_IN,
        tenant=to("portal:income"), cotenant=to("portal:income"), helper_out_of_scope=to("portal:income"),
        default=NOT_FOUND),
    row("portal:income-remove", kwargs=neighbour_doc, method="post", label="the neighbour's document",
        **NEEDS_SIGN_IN, neighbour=to("portal:income"), default=NOT_FOUND),
    row("kiosk:income-remove", kwargs=amina_doc, default=NOT_ALLOWED),
    kiosk_page("kiosk:income-remove", kwargs=amina_doc, method="post", label="Amina's document"),
    kiosk_page("kiosk:income-remove", kwargs=neighbour_doc, method="post", label="the neighbour's document"),
])
