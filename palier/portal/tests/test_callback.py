"""Asking to be called back from the portal, and the agent who calls back in the back office."""

from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.contact.models import CallbackRequest, CallbackState


def ask(client, **fields):
    data = {"when": "afternoon", "phone": "0470 12 34 56", "note": ""}
    data.update(fields)
    return client.post(reverse("portal:callback"), data)


def test_the_help_block_links_to_the_call_back_question(client, tenant, tenancy):
    client.force_login(tenant)
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:callback")}"' in page


def test_the_question_offers_the_tenants_own_number(client, tenant, tenancy):
    client.force_login(tenant)
    response = client.get(reverse("portal:callback"))
    assert response.status_code == 200
    assert response.context["form"].initial["phone"] == "+32470123456"


def test_a_tenant_asks_and_reads_who_will_call_her(client, tenant, tenant_person, tenancy, agent):
    client.force_login(tenant)
    response = ask(client, note="Mon chauffage")
    assert response.status_code == 302
    assert response.url == reverse("portal:callback-done")
    callback = CallbackRequest.objects.get(person=tenant_person)
    assert (callback.when, callback.phone, callback.note, callback.channel) == (
        "afternoon", "+32470123456", "Mon chauffage", "portal")
    done = client.get(reverse("portal:callback-done"))
    assert done.context["officer"] == tenancy.housing_officer
    assert "+32470123456" in done.content.decode()
    assert tenancy.housing_officer.get_full_name() in done.content.decode()


def test_a_wrong_number_is_shown_again_with_an_error(client, tenant, tenancy):
    client.force_login(tenant)
    response = ask(client, phone="12")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not CallbackRequest.objects.exists()


def test_a_second_request_is_refused_kindly(client, tenant, tenant_person, tenancy):
    client.force_login(tenant)
    ask(client)
    response = ask(client, when="morning")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert list(CallbackRequest.objects.values_list("when", flat=True)) == ["afternoon"]


def test_the_agent_of_her_agency_sees_the_request_and_marks_it_done(client, tenant, tenant_person, tenancy, agent):
    client.force_login(tenant)
    ask(client, note="Mon chauffage")
    callback = CallbackRequest.objects.get()
    client.force_login(agent)
    page = client.get(reverse("backoffice:callback-list")).content.decode()
    assert "+32470123456" in page and "Mon chauffage" in page
    assert reverse("backoffice:tenant-detail", args=[tenancy.pk]) in page
    assert client.get(reverse("backoffice:home")).context["figures"]["callbacks"] == 1
    response = client.post(reverse("backoffice:callback-done", args=[callback.pk]))
    assert response.status_code == 302
    callback.refresh_from_db()
    assert callback.state == CallbackState.DONE and callback.done_by == agent
    assert AuditEvent.objects.filter(action="contact.callback_done", actor_id=agent.pk).exists()
    assert "+32470123456" not in client.get(reverse("backoffice:callback-list")).content.decode()


def test_the_agent_of_another_agency_gets_a_404(client, tenant, tenancy, other_agent):
    client.force_login(tenant)
    ask(client)
    callback = CallbackRequest.objects.get()
    client.force_login(other_agent)
    assert "+32470123456" not in client.get(reverse("backoffice:callback-list")).content.decode()
    assert client.post(reverse("backoffice:callback-done", args=[callback.pk])).status_code == 404
    callback.refresh_from_db()
    assert callback.state == CallbackState.OPEN


def test_a_tenant_at_the_kiosk_asks_to_be_called_back(kiosk_client, tenant, tenant_person, tenancy):
    kiosk_client.force_login(tenant)
    page = kiosk_client.get(reverse("kiosk:tenant-home")).content.decode()
    assert f'href="{reverse("kiosk:callback")}"' in page
    response = kiosk_client.post(reverse("kiosk:callback"), {"when": "morning", "phone": "0470 12 34 56"})
    assert response.status_code == 302
    assert response.url == reverse("kiosk:callback-done")
    assert CallbackRequest.objects.get(person=tenant_person).channel == "kiosk"
    assert kiosk_client.get(reverse("kiosk:callback-done")).status_code == 200
