import html

from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.tenancies import services as tenancies


def text(response):
    """The page as a reader sees it: entities such as &#x27; (a French apostrophe) decoded."""
    return html.unescape(response.content.decode())


def preferences(person, **chosen):
    data = {"version": person.version}
    data.update({name: "on" for name, on in chosen.items() if on})
    return data


def test_the_profile_shows_my_details_and_my_household(client, tenant, tenant_person, cotenant_person):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:profile")))
    assert "Amina Benali" in page
    assert "17 mai 1980" in page
    assert "+32470123456" in page
    assert "amina.benali@example.org" in page
    assert "Youssef Benali (colocataire)" in page
    # She changes them herself now, after typing her password again (test_reauthentication.py).
    assert "Changer mon adresse e-mail" in page and "Changer mon numéro de téléphone" in page


def test_a_tenant_chooses_email_and_sms_and_the_change_is_audited(client, tenant, tenant_person):
    client.force_login(tenant)
    response = client.post(reverse("portal:contact-preferences"),
                           preferences(tenant_person, by_email=True, by_sms=True))
    assert response["Location"] == reverse("portal:profile")
    tenant_person.refresh_from_db()
    assert (tenant_person.by_portal, tenant_person.by_email, tenant_person.by_sms, tenant_person.by_post) == (
        False, True, True, False)
    event = AuditEvent.objects.get(action="tenancies.contact_preferences_changed")
    assert event.actor == tenant
    assert event.subject_person_id == tenant_person.pk
    assert event.data["after"]["by_sms"] is True


def test_choosing_nothing_means_post(client, tenant, tenant_person):
    client.force_login(tenant)
    client.post(reverse("portal:contact-preferences"), preferences(tenant_person))
    tenant_person.refresh_from_db()
    assert tenant_person.by_post
    assert tenant_person.channels == ["post"]


def test_sms_is_refused_without_a_phone_on_file(client, cotenant, cotenant_person):
    client.force_login(cotenant)
    response = client.post(reverse("portal:contact-preferences"), preferences(cotenant_person, by_sms=True))
    assert response.status_code == 200
    # Youssef reads Dutch.
    assert "We hebben geen gsm-nummer van u. Daarom kunnen we u geen sms sturen." in text(response)
    cotenant_person.refresh_from_db()
    assert not cotenant_person.by_sms
    assert not AuditEvent.objects.filter(action="tenancies.contact_preferences_changed").exists()


def test_email_is_refused_without_an_email_on_file(client, cotenant, cotenant_person):
    client.force_login(cotenant)
    response = client.post(reverse("portal:contact-preferences"), preferences(cotenant_person, by_email=True))
    assert "We hebben geen e-mailadres van u. Daarom kunnen we u niet mailen." in text(response)  # in Dutch


def test_a_stale_edit_is_told_and_shows_the_current_choice(client, tenant, tenant_person):
    client.force_login(tenant)
    stale = preferences(tenant_person, by_post=True)
    # Meanwhile the same choice was changed elsewhere (another tab, or an agent on the phone).
    tenancies.update_contact_preferences(
        acting=Acting(user=tenant), person=tenant_person, by_portal=True, by_email=False, by_sms=True,
        by_post=False, expected_version=tenant_person.version,
    )
    response = client.post(reverse("portal:contact-preferences"), stale)
    page = text(response)
    assert response.status_code == 200
    assert "Quelqu'un d'autre a modifié ceci" in page
    assert '<input type="checkbox" name="by_sms" id="id_by_sms" checked>' in page
    assert '<input type="checkbox" name="by_post" id="id_by_post">' in page
    tenant_person.refresh_from_db()
    assert tenant_person.by_sms and not tenant_person.by_post


def test_a_helper_has_no_contact_preferences_page(client, helper):
    client.force_login(helper)
    assert client.get(reverse("portal:contact-preferences")).status_code == 404


def test_the_language_page_lists_each_language_in_its_own_name(client, tenant, tenant_person):
    client.force_login(tenant)
    page = text(client.get(reverse("portal:language")))
    assert '<span lang="nl">Nederlands</span>' in page
    assert '<span lang="de">Deutsch</span>' in page


def test_a_language_change_persists_on_the_account_and_the_person(client, tenant, tenant_person):
    client.force_login(tenant)
    response = client.post(reverse("portal:language"), {"language": "nl"})
    assert response["Location"] == reverse("portal:profile")
    tenant.refresh_from_db()
    tenant_person.refresh_from_db()
    assert tenant.language == "nl"
    assert tenant_person.language == "nl"
    assert response.cookies["django_language"].value == "nl"
    assert AuditEvent.objects.filter(action="tenancies.language_changed", actor=tenant).exists()
    assert 'lang="nl"' in text(client.get(reverse("portal:profile")))


def test_a_helper_can_choose_her_language_too(client, helper):
    client.force_login(helper)
    client.post(reverse("portal:language"), {"language": "de"})
    helper.refresh_from_db()
    assert helper.language == "de"
