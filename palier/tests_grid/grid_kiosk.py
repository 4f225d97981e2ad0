"""The kiosk's grid (URL namespace `kiosk`). Only a registered device opens the kiosk: any other
browser gets a 404 page that says so, whoever is signed in. The enrolment link is the exception:
it is opened once on the device before it is a kiosk."""

from .framework import NOT_ALLOWED, NOT_FOUND, OK, Grid, public, row, to
from .grid_rentdocs import aminas_document, neighbours_document


def kiosk_page(url_name: str, *, kiosk=OK, **kw):
    return row(url_name, kiosk=kiosk, default=NOT_FOUND, **kw)


def fresh_enrolment_link(w):
    from palier.core.acting import Acting
    from palier.estates import kiosks
    from palier.estates.models import Kiosk

    kiosk = Kiosk.objects.create(name="Borne hall d'entrée", estate=w.estate)
    return {"token": kiosks.issue_enrolment(acting=Acting.system(), kiosk=kiosk)}


KIOSK = Grid("kiosk", ("kiosk",), [
    kiosk_page("kiosk:home"),
    public("kiosk:enrol", kwargs=fresh_enrolment_link),
    row("kiosk:enrol", kwargs=lambda w: {"token": "not-a-real-link"}, label="a link that does not exist",
        default=NOT_FOUND),
    kiosk_page("kiosk:help"),
    kiosk_page("kiosk:emergency"),
    kiosk_page("kiosk:sign-in"),
    # Without a tenancy number typed at step 1, the PIN step and the home go back to step 1.
    kiosk_page("kiosk:sign-in-pin", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:tenant-home", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:contact-preferences", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:change-pin", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:building", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:callback", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:callback-done", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:finish", kiosk=NOT_ALLOWED),
    kiosk_page("kiosk:still-here", kiosk=NOT_ALLOWED),
    # "I help someone": a helper's own sign-in, then their second factor, then whom they act for.
    # Helper personas signed in at the kiosk: test_kiosk_helper_grid.py.
    kiosk_page("kiosk:helper-sign-in"),
    kiosk_page("kiosk:helper-code", kiosk=to("kiosk:helper-sign-in")),
    kiosk_page("kiosk:helper-home", kiosk=to("kiosk:helper-sign-in")),
    kiosk_page("kiosk:helper-act-for", kiosk=NOT_ALLOWED),
    kiosk_page("kiosk:helper-act-for", method="post", label="choosing", kiosk=to("kiosk:helper-sign-in")),
    kiosk_page("kiosk:helper-act-stop", kiosk=NOT_ALLOWED),
    kiosk_page("kiosk:helper-act-stop", method="post", label="stopping", kiosk=to("kiosk:helper-sign-in")),
    # My documents: printed as a page or sent to the tenant's channels (signed-in tenants and
    # helpers: palier/kiosk/tests/test_kiosk_documents.py and test_kiosk_helper_grid.py).
    kiosk_page("kiosk:documents", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:document-print", kwargs=aminas_document, label="Amina's document", kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:document-print", kwargs=neighbours_document, label="a foreign household's document",
               kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:document-send", kwargs=aminas_document, kiosk=NOT_ALLOWED),
    kiosk_page("kiosk:document-send", kwargs=aminas_document, method="post", label="Amina's document",
               kiosk=to("kiosk:sign-in")),
    kiosk_page("kiosk:document-send", kwargs=neighbours_document, method="post",
               label="a foreign household's document", kiosk=to("kiosk:sign-in")),
])
