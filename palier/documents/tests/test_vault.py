"""The document vault: stored once under a random name, read only by the household, its helpers
acting for it and the staff who may see its file."""

import pytest
from django.http import Http404

from palier.core.acting import Acting
from palier.documents.models import Document, DocumentKind
from palier.documents.queries import documents_for, get_document_for
from palier.documents.services import store_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a small test file\n"


@pytest.fixture
def aminas_notice(tenancy, tenant_person):
    return store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                          title="Avis d'échéance décembre 2026", content=PDF, language="fr",
                          key=f"rent_notice:{tenancy.pk}:2026-12")


def test_a_stored_document_keeps_its_bytes_under_a_name_chosen_by_the_server(aminas_notice):
    assert aminas_notice.file.name.startswith("documents/")
    assert "Avis" not in aminas_notice.file.name
    with aminas_notice.file.open("rb") as handle:
        assert handle.read() == PDF
    assert aminas_notice.size == len(PDF)


def test_storing_twice_with_the_same_key_gives_back_the_first_document(aminas_notice, tenancy):
    again = store_document(acting=Acting.system(), household=tenancy.household, kind=DocumentKind.RENT_NOTICE,
                           title="Autre titre", content=b"%PDF other", language="fr",
                           key=f"rent_notice:{tenancy.pk}:2026-12")
    assert again.pk == aminas_notice.pk
    assert Document.objects.count() == 1


def test_the_tenant_and_her_cotenant_see_the_household_documents(aminas_notice, tenant, cotenant):
    assert get_document_for(Acting(user=tenant), aminas_notice.pk) == aminas_notice
    assert get_document_for(Acting(user=cotenant), aminas_notice.pk) == aminas_notice


@pytest.mark.parametrize("persona", ["neighbour", "helper", "technician", "other_agent", "inclusion_officer",
                                     "administrator", "contractor"])
def test_anyone_else_gets_a_404(request, aminas_notice, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        get_document_for(Acting(user=user), aminas_notice.pk)
    assert aminas_notice not in documents_for(Acting(user=user))


def test_a_helper_acting_for_amina_sees_her_household_documents(aminas_notice, helper, tenant_person):
    assert get_document_for(Acting(user=helper).on_behalf_of(tenant_person), aminas_notice.pk) == aminas_notice


def test_her_agent_and_the_accountant_see_her_rent_documents(aminas_notice, agent, accountant):
    assert get_document_for(Acting(user=agent), aminas_notice.pk) == aminas_notice
    assert get_document_for(Acting(user=accountant), aminas_notice.pk) == aminas_notice


def test_an_anonymous_visitor_and_a_nonsense_id_get_a_404(aminas_notice):
    with pytest.raises(Http404):
        get_document_for(Acting(), aminas_notice.pk)
    with pytest.raises(Http404):
        get_document_for(Acting.system(), "not-a-number")


def test_my_data_lists_the_household_documents_and_erasure_keeps_them(aminas_notice, tenant_person,
                                                                      neighbour_person):
    from palier.documents.privacy import erase_person, export_person

    assert [d["title"] for d in export_person(tenant_person)] == ["Avis d'échéance décembre 2026"]
    assert export_person(neighbour_person) == []
    [line] = erase_person(tenant_person, acting=Acting.system(), now=None, rules={}, dry_run=False)
    assert line["count"] == 1 and not line["erased"]
    assert Document.objects.filter(pk=aminas_notice.pk).exists()
