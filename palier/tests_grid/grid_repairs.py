"""The repairs grid: reporting and following a repair on the portal and the kiosk, the back-office
queue, and the contractors' front end (`works`).

Amina's request is a leaking shower in her home (Bloc A); `lift` is a common-area report of her
building; the far request belongs to the Janssens household of Agence Schaerbeek. Objects are
made on first use and kept on the world of the test."""

from .framework import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Grid, row, staff_only, to

NEEDS_SIGN_IN = {"anonymous": LOGIN, "kiosk": LOGIN}
HOUSEHOLD = {"tenant": OK, "cotenant": OK}
TENANTS_OK = {**HOUSEHOLD, "neighbour": OK}
TO_REPORT = to("portal:repair-report")


def _cached(w, name, make):
    """Made once per test; `vars` so that the browser tests' lazy world is not asked for a fixture."""
    if name not in vars(w):
        setattr(w, name, make())
    return vars(w)[name]


def aminas_repair(w):
    from palier.core.acting import Acting
    from palier.repairs.catalogue import ensure_catalogue
    from palier.repairs.models import Problem
    from palier.repairs.services import report_repair

    def make():
        ensure_catalogue()
        return report_repair(acting=Acting(user=w.tenant), person=w.tenant_person,
                             problem=Problem.objects.get(code="bath-shower-leak"), since="days",
                             access_slots=["morning"], keep_informed=["portal"])

    return _cached(w, "_aminas_repair", make)


def lift_report(w):
    from palier.core.acting import Acting
    from palier.repairs.catalogue import ensure_catalogue
    from palier.repairs.models import Problem
    from palier.repairs.services import report_repair

    def make():
        ensure_catalogue()
        return report_repair(acting=Acting(user=w.tenant), person=w.tenant_person,
                             problem=Problem.objects.get(code="common-lift-down"), since="today")

    return _cached(w, "_lift_report", make)


def far_repair(w):
    from palier.core.acting import Acting
    from palier.repairs.catalogue import ensure_catalogue
    from palier.repairs.models import Problem
    from palier.repairs.services import report_repair

    def make():
        ensure_catalogue()
        person = w.far_tenancy.household.persons.first()
        return report_repair(acting=Acting(user=w.other_agent, channel="phone"), person=person,
                             problem=Problem.objects.get(code="heat-no-hot-water"), since="today")

    return _cached(w, "_far_repair", make)


def _photo_on(w, repair, uploader):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from palier.core.acting import Acting
    from palier.repairs.services import upload_photo

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="JPEG")
    photo = upload_photo(acting=Acting(user=uploader), upload=SimpleUploadedFile("p.jpg", out.getvalue()),
                         repair=repair)
    return photo


def aminas_photo(w):
    return _cached(w, "_aminas_photo", lambda: _photo_on(w, aminas_repair(w), w.tenant))


def far_photo(w):
    return _cached(w, "_far_photo", lambda: _photo_on(w, far_repair(w), w.other_agent))


def with_aminas_repair(w):
    """No URL arguments; makes sure Amina's request exists first."""
    aminas_repair(w)
    return {}


def assigned_repair(w):
    """A request of Amina's agency assigned to Thomas, the technician."""
    from palier.core.acting import Acting
    from palier.repairs.services import assign_request

    def make():
        repair = report_for(w, "elec-socket")
        assign_request(acting=Acting(user=w.agent), repair=repair, assignee=w.technician,
                       expected_version=repair.version)
        return repair

    return _cached(w, "_assigned_repair", make)


def report_for(w, code):
    from palier.core.acting import Acting
    from palier.repairs.catalogue import ensure_catalogue
    from palier.repairs.models import Problem
    from palier.repairs.services import report_repair

    ensure_catalogue()
    return report_repair(acting=Acting(user=w.tenant), person=w.tenant_person, problem=Problem.objects.get(code=code),
                         since="today")


def _order_for(w, firm_name, *, with_user):
    from palier.core.acting import Acting
    from palier.repairs.models import Contractor
    from palier.repairs.services import raise_work_order

    firm, _ = Contractor.objects.get_or_create(name=firm_name)
    if with_user:
        firm.users.add(w.contractor)
    repair = aminas_repair(w)
    repair.refresh_from_db()
    return raise_work_order(acting=Acting(user=w.agent), repair=repair, contractor=firm, scope="Remplacer le joint",
                            deadline=None, expected_version=repair.version)


def batipro_order(w):
    """BatiPro's work order for Amina's shower; Luc Martin works for BatiPro."""
    return _cached(w, "_batipro_order", lambda: _order_for(w, "BatiPro SRL", with_user=True))


def other_firm_order(w):
    return _cached(w, "_other_firm_order", lambda: _order_for(w, "Sanitaires Dupont", with_user=False))


def amina(w):
    return {"pk": aminas_repair(w).pk}


def lift(w):
    return {"pk": lift_report(w).pk}


def far(w):
    return {"pk": far_repair(w).pk}


def portal_page(name, *, tenants=None, kwargs=None, label="", method="get", data=None, **per_persona):
    """A tenant page of the portal: the household's own people get `tenants` (OK by default);
    helpers without a mandate, staff and contractors get 404; signed-out visitors sign in."""
    per = dict(TENANTS_OK if tenants is None else tenants)
    per.update(per_persona)
    return row(name, **NEEDS_SIGN_IN, **per, default=NOT_FOUND, kwargs=kwargs, label=label, method=method, data=data)


STEPS = ("repair-report-what", "repair-report-emergency", "repair-report-common", "repair-report-since",
         "repair-report-photos", "repair-report-access", "repair-report-inform", "repair-report-check")

PORTAL_ROWS = [
    portal_page("portal:repairs"),
    portal_page("portal:repair-report"),
    # Later questions without the earlier answers go back to the first question.
    *[portal_page(f"portal:{step}", tenants={p: TO_REPORT for p in TENANTS_OK}) for step in STEPS],
    portal_page("portal:repair-report-done", tenants={p: to("portal:repairs") for p in TENANTS_OK}),
    portal_page("portal:repair-detail", tenants=HOUSEHOLD, kwargs=amina),
    portal_page("portal:repair-detail", tenants={}, kwargs=far, label="another agency's household"),
    portal_page("portal:repair-add", tenants=HOUSEHOLD, kwargs=amina),
    portal_page("portal:repair-add", tenants={}, kwargs=far, label="another agency's household"),
    portal_page("portal:repair-cancel", tenants=HOUSEHOLD, kwargs=amina),
    portal_page("portal:repair-cancel", tenants={}, kwargs=far, label="another agency's household"),
    # "Is it fixed?" is asked once the work is done; before, it goes back to the request.
    portal_page("portal:repair-fixed", tenants={p: to("portal:repair-detail") for p in HOUSEHOLD}, kwargs=amina),
    portal_page("portal:repair-fixed", tenants={}, kwargs=far, label="another agency's household"),
    # "Me too" is POST only; on a common-area report of their own building it goes to the report.
    row("portal:repair-me-too", default=NOT_ALLOWED, kwargs=lift),
    portal_page("portal:repair-me-too", tenants={p: to("portal:repair-detail") for p in HOUSEHOLD}, kwargs=lift,
                method="post", label="the lift of Amina's building; Jan lives in another building"),
    # Photos: for whoever may see the request, staff included; the file of another household is a 404.
    portal_page("portal:repair-photo", tenants=HOUSEHOLD, agent=OK, manager=OK, kwargs=lambda w: {
        "pk": aminas_photo(w).pk}),
    portal_page("portal:repair-photo", tenants={}, other_agent=OK, kwargs=lambda w: {"pk": far_photo(w).pk},
                label="a photo of another agency's household"),
]

OFFICE = ("agent", "manager")
CATALOGUE = ("manager", "administrator")


def spare_problem(w):
    """A problem of the catalogue that the grid may retire without changing what other rows report."""
    from palier.repairs.models import Problem

    return _cached(w, "_spare_problem", lambda: Problem.objects.get_or_create(
        code="grid-spare-problem", defaults={"room": "kitchen", "pictogram": "kitchen",
                                             "texts": {"fr": {"label": "Problème de réserve"}}})[0])
def grid_firm(w):
    """BatiPro, Luc Martin's firm."""
    from palier.repairs.models import Contractor

    def make():
        firm, _ = Contractor.objects.get_or_create(name="BatiPro SRL")
        firm.users.add(w.contractor)
        return firm

    return _cached(w, "_grid_firm", make)


def other_grid_firm(w):
    from palier.repairs.models import Contractor

    return _cached(w, "_other_grid_firm", lambda: Contractor.objects.get_or_create(name="Sanitaires Dupont")[0])


NOTE = {"action": "note", "note-text": "Appeler avant de passer."}

BACKOFFICE_ROWS = [
    staff_only("backoffice:repair-queue", ("agent", "other_agent", "manager", "technician")),
    # Amina's request: her agency's agents and managers; Thomas only once it is assigned to him.
    staff_only("backoffice:repair-detail", OFFICE, kwargs=amina),
    staff_only("backoffice:repair-detail", ("other_agent",), kwargs=far, label="another agency's request"),
    staff_only("backoffice:repair-detail", (*OFFICE, "technician"), kwargs=lambda w: {"pk": assigned_repair(w).pk},
               label="a request assigned to Thomas"),
    staff_only("backoffice:repair-detail", OFFICE, allowed=to("backoffice:repair-detail"), kwargs=amina,
               method="post", data=lambda w: NOTE, label="an internal note"),
    staff_only("backoffice:repair-detail", ("other_agent",), allowed=to("backoffice:repair-detail"), kwargs=far,
               method="post", data=lambda w: NOTE, label="an internal note on another agency's request"),
    # Recording a repair reported on the phone, on a tenant file of one's agency.
    staff_only("backoffice:repair-new", OFFICE, kwargs=lambda w: {"pk": w.tenancy.pk}),
    staff_only("backoffice:repair-new", ("other_agent",), kwargs=lambda w: {"pk": w.far_tenancy.pk},
               label="a tenant file of another agency"),
    # The catalogue and the deadlines are the landlord's: its managers and administrators set them.
    # There is no other landlord's problem to hide; a problem that does not exist is a 404.
    staff_only("backoffice:repair-catalogue", CATALOGUE),
    staff_only("backoffice:repair-deadlines", CATALOGUE),
    staff_only("backoffice:repair-problem-new", CATALOGUE),
    staff_only("backoffice:repair-problem-edit", CATALOGUE, kwargs=lambda w: {"pk": spare_problem(w).pk}),
    staff_only("backoffice:repair-problem-edit", (), kwargs=lambda w: {"pk": 987654},
               label="a problem that does not exist"),
    row("backoffice:repair-problem-retire", default=NOT_ALLOWED, kiosk=NOT_FOUND,
        kwargs=lambda w: {"pk": spare_problem(w).pk}),
    staff_only("backoffice:repair-problem-retire", CATALOGUE, allowed=to("backoffice:repair-catalogue"),
               kwargs=lambda w: {"pk": spare_problem(w).pk}, method="post",
               data=lambda w: {"version": spare_problem(w).version}, label="retire a problem"),
    staff_only("backoffice:repair-problem-retire", (), kwargs=lambda w: {"pk": 987654}, method="post",
               data=lambda w: {"version": 1}, label="a problem that does not exist"),
    # A technician's day: whoever handles repairs reads their own visits of today.
    staff_only("backoffice:repair-my-day", ("agent", "other_agent", "manager", "technician")),
    # The contractors are the landlord's, like the catalogue: its managers and administrators keep them.
    staff_only("backoffice:repair-contractors", CATALOGUE),
    staff_only("backoffice:repair-contractor-new", CATALOGUE),
    staff_only("backoffice:repair-contractor", CATALOGUE, kwargs=lambda w: {"pk": grid_firm(w).pk}),
    staff_only("backoffice:repair-contractor", (), kwargs=lambda w: {"pk": 987654},
               label="a contractor that does not exist"),
    staff_only("backoffice:repair-contractor", (), kwargs=lambda w: {"pk": other_grid_firm(w).pk}, method="post",
               data=lambda w: {"action": "deactivate", "account": w.contractor.pk},
               label="Luc's account through a firm he does not work for"),
    staff_only("backoffice:repair-contractor-account-new", CATALOGUE, kwargs=lambda w: {"pk": grid_firm(w).pk}),
    staff_only("backoffice:repair-contractor-account-new", (), kwargs=lambda w: {"pk": 987654},
               label="a contractor that does not exist"),
]

KIOSK_STEPS = ("repairs", "repair-report", "repair-report-what", "repair-report-emergency", "repair-report-common",
               "repair-report-since", "repair-report-access", "repair-report-inform", "repair-report-check",
               "repair-report-done")


def kiosk_page(name, **kw):
    """Only the registered kiosk opens a kiosk page; nobody is signed in on it in the grid, so a
    tenant page sends it to the kiosk's sign-in. Everyone else gets the kiosk's 404."""
    return row(name, kiosk=to("kiosk:sign-in"), default=NOT_FOUND, **kw)


KIOSK_ROWS = [
    *[kiosk_page(f"kiosk:{name}") for name in KIOSK_STEPS],
    *[kiosk_page(f"kiosk:{name}", kwargs=amina) for name in ("repair-detail", "repair-add", "repair-cancel",
                                                           "repair-fixed")],
    *[kiosk_page(f"kiosk:{name}", kwargs=far, label="another agency's household")
      for name in ("repair-detail", "repair-add", "repair-cancel", "repair-fixed")],
    row("kiosk:repair-me-too", default=NOT_ALLOWED, kwargs=lift),
    kiosk_page("kiosk:repair-me-too", kwargs=far, method="post", label="another agency's request"),
]

WORKS_ROWS = [
    # The contractors' sign-in: a signed-in contractor goes to their orders; a kiosk never opens it.
    row("works:login", contractor=to("works:home"), kiosk=NOT_FOUND, default=OK),
    row("works:logout", default=NOT_ALLOWED),
    row("works:home", anonymous=to("works:login"), contractor=OK, default=NOT_FOUND),
    row("works:order", anonymous=to("works:login"), contractor=OK, default=NOT_FOUND,
        kwargs=lambda w: {"pk": batipro_order(w).pk}),
    row("works:order", anonymous=to("works:login"), default=NOT_FOUND, kwargs=lambda w: {"pk": other_firm_order(w).pk},
        label="another firm's work order"),
    row("works:order", anonymous=to("works:login"), contractor=to("works:order"), default=NOT_FOUND,
        kwargs=lambda w: {"pk": batipro_order(w).pk}, method="post",
        data=lambda w: {"action": "no_one_home", "no_one-report": "Personne"}, label="no one home"),
]

REPAIRS = Grid("repairs", ("portal", "kiosk", "backoffice", "works"),
               [*PORTAL_ROWS, *KIOSK_ROWS, *BACKOFFICE_ROWS, *WORKS_ROWS])

