"""The helpers of the grid who act for Amina, each under a different mandate, and the mandates the
mandate rows open. Imported by the grid's conftest; `PERSONA_SESSIONS` puts each helper persona's
choice of tenant in their session, as "act for Amina" would have."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palier import testing as t
from palier.accounts.models import Role
from palier.core.acting import Acting

ALL_SCOPES = ["rent", "repairs", "messages", "documents", "workshops"]


def _helper(username, first, last, email):
    return t.user(Role.HELPER, username, first, last, email=email, organisation="")


def _grant(tenant_person, helper, scopes, duration="month"):
    from palier.mandates import services

    return services.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                                  scopes=scopes, duration=duration)


@pytest.fixture
def helper_in_scope(tenant_person):
    """Karim, Amina's nephew: rent, messages and call-backs, for a month."""
    helper = _helper("karim", "Karim", "Benali", "karim@example.org")
    helper.grid_mandate = _grant(tenant_person, helper, ["rent", "messages"])
    return helper


@pytest.fixture
def helper_out_of_scope(tenant_person):
    """Lucie, a social worker: Amina's documents only."""
    helper = _helper("lucie", "Lucie", "Renard", "lucie@example.org")
    helper.grid_mandate = _grant(tenant_person, helper, ["documents"])
    return helper


@pytest.fixture
def helper_expired(tenant_person):
    """Omar had every scope, until yesterday."""
    from palier.mandates.models import Mandate

    helper = _helper("omar", "Omar", "Haddou", "omar@example.org")
    mandate = _grant(tenant_person, helper, ALL_SCOPES, duration="day")
    now = timezone.now()
    Mandate.objects.filter(pk=mandate.pk).update(starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=1))
    helper.grid_mandate = mandate
    return helper


@pytest.fixture
def helper_revoked(tenant_person):
    """Eva had every scope; Amina stopped her mandate."""
    from palier.mandates import services

    helper = _helper("eva", "Eva", "Janssens", "eva@example.org")
    mandate = _grant(tenant_person, helper, ALL_SCOPES, duration="year")
    services.revoke_mandate(acting=Acting(user=tenant_person.user), mandate=mandate)
    helper.grid_mandate = mandate
    return helper


@pytest.fixture
def aminas_mandate(helper_in_scope):
    return helper_in_scope.grid_mandate


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return SimpleUploadedFile("form.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def aminas_paper_mandate(agent, cotenant_person, helper):
    """A signed form Nadia registered at the counter: Sophie may see the documents of Youssef, Amina's
    co-tenant."""
    from palier.mandates import services

    return services.register_paper_mandate(acting=Acting(user=agent), tenant=cotenant_person, helper=helper,
                                           scopes=["documents"], duration="year", scan=_png())


@pytest.fixture
def far_mandate(far_tenancy, other_agent):
    """Els Janssens (Agence Schaerbeek) gave a paper mandate to a helper of her own."""
    from palier.mandates import services

    helper = _helper("bram", "Bram", "Vos", "bram@example.org")
    person = far_tenancy.household.persons.first()
    return services.register_paper_mandate(acting=Acting(user=other_agent), tenant=person, helper=helper,
                                           scopes=["rent"], duration="month", scan=_png())


@pytest.fixture
def sophies_request(helper, tenant_person):
    """Sophie asked Amina for a mandate by SMS; she has not typed the code yet."""
    from palier.mandates import services

    return services.request_mandate_by_sms(acting=Acting(user=helper), tenant=tenant_person, helper=helper,
                                           scopes=["repairs"], duration="day")


@pytest.fixture
def karims_request(helper_in_scope, neighbour_person):
    """Karim asked Jan for a mandate by SMS: a request that is not Sophie's."""
    from palier.mandates import services

    return services.request_mandate_by_sms(acting=Acting(user=helper_in_scope), tenant=neighbour_person,
                                           helper=helper_in_scope, scopes=["rent"], duration="day")


MANDATE_WORLD = ("helper_in_scope", "helper_out_of_scope", "helper_expired", "helper_revoked", "aminas_mandate",
                 "aminas_paper_mandate", "far_mandate", "sophies_request", "karims_request")


def act_for_amina(client, world) -> None:
    from palier.mandates.acting import SESSION_PERSON

    session = client.session
    session[SESSION_PERSON] = world.tenant_person.pk
    session.save()


PERSONA_SESSIONS = {p: act_for_amina for p in ("helper_in_scope", "helper_out_of_scope", "helper_expired",
                                               "helper_revoked")}


# --- for the accessibility run (tests_browser/pages.py): arguments that create what they show ---


def with_aminas_mandate_to_sophie(w) -> dict:
    """Amina gave Sophie a mandate; the page is that mandate's."""
    return {"pk": _grant(w.tenant_person, w.helper, ["rent", "messages"]).pk}


def with_sophies_request(w) -> dict:
    from palier.mandates import services

    mandate = services.request_mandate_by_sms(acting=Acting(user=w.helper), tenant=w.tenant_person, helper=w.helper,
                                              scopes=["repairs"], duration="day")
    return {"pk": mandate.pk}


def aminas_file_with_mandates(w) -> dict:
    _grant(w.tenant_person, w.helper, ["rent", "messages"])
    return {"pk": w.tenancy.pk}


def with_a_request_waiting_on_amina(w) -> dict:
    """No URL arguments; a request by SMS from Claire, Amina's daughter, waits for Amina's answer
    (shown on her list). Claire is new here, so the other pages' mandates do not get in the way."""
    from palier.accounts.models import User
    from palier.mandates import services

    if not User.objects.filter(username="claire").exists():
        claire = _helper("claire", "Claire", "Benali", "claire@example.net")
        services.request_mandate_by_sms(acting=Acting(user=claire), tenant=w.tenant_person, helper=claire,
                                        scopes=["rent", "workshops"], duration="month")
    return {}
