from django.urls import reverse

from palier.accounts.models import LoginFailure
from palier.audit.models import AuditEvent


def test_opening_a_tenant_file_is_recorded(client, sign_in, agent, tenant_person, cotenant_person, tenancy):
    sign_in(agent)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert "Rue des Tilleuls 12 bte 3B" in page
    assert "Youssef Benali" in page
    event = AuditEvent.objects.get(action="backoffice.tenant_file_viewed")
    assert event.actor == agent
    assert event.subject_person_id == tenant_person.pk
    assert AuditEvent.objects.for_person(tenant_person.pk).filter(action="backoffice.tenant_file_viewed").exists()


def test_the_tenant_file_shows_rent_accounts_and_contact_channels(client, sign_in, manager, tenant_person, tenancy):
    sign_in(manager)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert "€450.50" in page and "€85.00" in page and "€535.50" in page
    assert tenancy.payment_reference in page
    assert "Nadia Haddad" in page
    assert "amina.benali@example.org" in page
    assert "Not activated yet" in page


def test_the_contact_history_shows_what_was_done_for_the_household(client, sign_in, agent, tenant_person, tenancy):
    sign_in(agent)
    LoginFailure.objects.create(account_key=f"acct:{tenant_person.user.pk}", ip="10.0.0.1")
    response = client.post(reverse("backoffice:account-unlock", args=[tenancy.pk, tenant_person.pk]))
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert "Account unlocked by staff" in page
    assert "Tenant file opened by staff" not in page


def test_an_accountant_reads_the_file_but_cannot_act_on_the_account(client, sign_in, accountant, tenant_person, tenancy):
    sign_in(accountant)
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert "Unlock account" not in page
    response = client.post(reverse("backoffice:account-unlock", args=[tenancy.pk, tenant_person.pk]))
    assert response.status_code == 404


def test_an_agent_cannot_unlock_a_person_of_another_household(client, sign_in, agent, tenancy, neighbour_person):
    sign_in(agent)
    response = client.post(reverse("backoffice:account-unlock", args=[tenancy.pk, neighbour_person.pk]))
    assert response.status_code == 404


def test_the_tenant_file_stays_within_ten_queries(client, sign_in, agent, tenant_person, cotenant_person, tenancy,
                                                  django_assert_max_num_queries):
    sign_in(agent)
    client.get(reverse("backoffice:home"))  # the session notes the visit once, then every 15 seconds
    with django_assert_max_num_queries(10):
        assert client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).status_code == 200


def test_an_agent_prints_an_activation_letter_for_amina(client, sign_in, agent, tenant_person, tenancy):
    sign_in(agent)
    response = client.post(reverse("backoffice:activation-letter", args=[tenancy.pk, tenant_person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="tenancies.activation_letter_printed")
    assert event.actor == agent and event.subject_person_id == tenant_person.pk


def test_an_agent_sends_an_activation_code_by_sms(client, sign_in, agent, tenant_person, tenancy, sms_outbox,
                                                  django_capture_on_commit_callbacks):
    sign_in(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:send-activation", args=[tenancy.pk, tenant_person.pk]),
                               {"method": "sms"}, follow=True)
    assert "The activation code was sent by SMS to Amina Benali." in response.content.decode()
    assert len(sms_outbox) == 1
    assert AuditEvent.objects.filter(action="accounts.activation_code_issued", actor=agent).exists()


def test_no_code_goes_by_sms_to_a_person_without_a_phone(client, sign_in, agent, tenant_person, cotenant_person,
                                                          tenancy, sms_outbox):
    sign_in(agent)
    response = client.post(reverse("backoffice:send-activation", args=[tenancy.pk, cotenant_person.pk]),
                           {"method": "sms"}, follow=True)
    assert "We have no phone number for this person." in response.content.decode()
    assert sms_outbox == []
