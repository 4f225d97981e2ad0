"""The income pages: a tenant (or a helper with the documents scope) sends files from the portal
or the kiosk; the staff of the household's agency check them, and every opening is audited."""

import pytest
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.income import services
from palier.income.models import IncomeDocument, Status

from .conftest import PDF, pdf_upload


@pytest.fixture
def staff_client(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_tenant_sends_a_document_and_hands_in_from_the_portal(client, tenant, aminas_request):
    client.force_login(tenant)
    page = client.get(reverse("portal:income"))
    assert "Envoyez-les avant le" in page.content.decode()
    response = client.post(reverse("portal:income-add"), {"document": pdf_upload()})
    assert response.status_code == 302
    assert "fiche de paie.pdf" in client.get(reverse("portal:income")).content.decode()
    document = IncomeDocument.objects.get()
    assert document.channel == "web" and document.uploaded_by == tenant
    client.post(reverse("portal:income-hand-in"))
    aminas_request.refresh_from_db()
    assert aminas_request.status == Status.HANDED_IN


def test_a_bad_file_shows_the_reason_on_the_page(client, tenant, aminas_request):
    client.force_login(tenant)
    response = client.post(reverse("portal:income-add"), {"document": pdf_upload(b"just text", name="a.pdf")})
    assert response.status_code == 400
    assert "Envoyez un fichier PDF ou une photo" in response.content.decode()


def test_the_neighbour_cannot_remove_aminas_file(client, tenant, neighbour, aminas_request):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    client.force_login(neighbour)
    assert client.post(reverse("portal:income-remove", args=[document.pk])).status_code == 404
    assert IncomeDocument.objects.filter(pk=document.pk).exists()


def test_a_helper_with_the_documents_scope_sends_for_the_tenant(client, tenant_person, helper, aminas_request):
    from palier.mandates import services as mandates
    from palier.mandates.acting import SESSION_PERSON

    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=["documents"], duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    assert client.post(reverse("portal:income-add"), {"document": pdf_upload()}).status_code == 302
    document = IncomeDocument.objects.get()
    assert document.uploaded_by == helper and document.request == aminas_request
    event = AuditEvent.objects.get(action="income.document_added")
    assert event.actor == helper and event.for_person_id == tenant_person.pk


def test_a_helper_without_the_documents_scope_gets_404(client, tenant_person, helper, aminas_request):
    from palier.mandates import services as mandates
    from palier.mandates.acting import SESSION_PERSON

    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=["rent"], duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    assert client.get(reverse("portal:income")).status_code == 404


def test_the_kiosk_page_opens_the_camera_and_explains_the_counter(kiosk_client, tenant, aminas_request):
    kiosk_client.force_login(tenant)
    page = kiosk_client.get(reverse("kiosk:income-add")).content.decode()
    assert 'capture="environment"' in page
    assert "Apportez vos papiers à notre bureau" in page
    assert kiosk_client.post(reverse("kiosk:income-add"), {"document": pdf_upload()}).status_code == 302
    assert IncomeDocument.objects.get().channel == "kiosk"


def test_every_staff_opening_of_a_document_is_audited_and_served_safely(staff_client, tenant, agent, aminas_request):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    client = staff_client(agent)
    for _ in range(2):
        response = client.get(reverse("backoffice:income-document", args=[document.pk]))
        assert response.status_code == 200
        assert response.content == PDF
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    reads = AuditEvent.objects.filter(action="audit.sensitive_read", actor=agent)
    assert reads.count() == 2
    assert reads.first().data["field"] == f"income_document:{document.pk}"


def test_staff_of_another_agency_and_accountants_get_404(staff_client, tenant, other_agent, accountant,
                                                         aminas_request):
    document = services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    for user in (other_agent, accountant):
        client = staff_client(user)
        assert client.get(reverse("backoffice:income-document", args=[document.pk])).status_code == 404
        assert client.get(reverse("backoffice:income-request", args=[aminas_request.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.sensitive_read").exists()


def test_staff_ask_again_and_the_household_is_told_the_reason(staff_client, tenant, agent, aminas_request,
                                                              tenant_person):
    from palier.notifications.models import Message

    services.add_document(acting=Acting(user=tenant), request=aminas_request, upload=pdf_upload())
    client = staff_client(agent)
    response = client.post(reverse("backoffice:income-review", args=[aminas_request.pk]),
                           {"reason": "La fiche de paie de mars manque."})
    assert response.status_code == 302
    aminas_request.refresh_from_db()
    assert aminas_request.status == Status.ASKED_AGAIN
    assert Message.objects.filter(person=tenant_person, body__contains="La fiche de paie de mars manque.").exists()


def test_staff_scan_a_paper_copy_at_the_counter(staff_client, agent, aminas_request):
    client = staff_client(agent)
    response = client.post(reverse("backoffice:income-scan", args=[aminas_request.pk]), {"document": pdf_upload()})
    assert response.status_code == 302
    assert IncomeDocument.objects.get().channel == "counter"


def test_a_manager_opens_a_campaign_from_the_back_office(staff_client, manager, agency, tenancy):
    client = staff_client(manager)
    assert client.get(reverse("backoffice:income-campaign-new")).status_code == 200
    response = client.post(reverse("backoffice:income-campaign-new"),
                           {"year": 2035, "agency": str(agency.pk), "deadline": "2099-01-31"})
    assert response.status_code == 302
    assert "Benali" in client.get(response["Location"]).content.decode()
