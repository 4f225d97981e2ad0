"""A helper acting for a tenant on the portal: what she reaches, what she does not, and the
journal the tenant reads."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from palier.core.acting import Acting
from palier.mandates import services
from palier.mandates.models import MandateUse

pytestmark = pytest.mark.django_db


def test_the_helper_home_offers_to_act_for_the_tenants_she_helps(client, helper, mandate):
    client.force_login(helper)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Amina Benali" in page
    assert reverse("portal:act-for") in page


def test_acting_for_a_tenant_opens_her_rent_with_a_banner_on_the_page(sophie_acting, tenancy):
    response = sophie_acting.get(reverse("portal:rent"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Amina Benali" in page
    assert reverse("portal:act-stop") in page
    assert tenancy.payment_reference in page


def test_each_page_the_helper_opens_is_one_line_in_the_journal(sophie_acting, tenant_person, helper):
    sophie_acting.get(reverse("portal:rent"))
    sophie_acting.get(reverse("portal:callback"))
    uses = list(MandateUse.objects.order_by("at", "id"))
    assert [(u.page, u.scope, u.actor_id, u.person_id) for u in uses] == [
        ("portal:rent", "rent", helper.pk, tenant_person.pk),
        ("portal:callback", "messages", helper.pk, tenant_person.pk),
    ]


def test_a_page_outside_the_mandate_is_not_found(client, helper, tenant, tenant_person):
    services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper, scopes=["repairs"],
                           duration="day")
    client.force_login(helper)
    client.post(reverse("portal:act-for"), {"person": tenant_person.pk})
    assert client.get(reverse("portal:rent")).status_code == 404
    assert client.get(reverse("portal:callback")).status_code == 404
    assert not MandateUse.objects.exists()


def test_a_scope_taken_back_stops_working_on_the_next_request(sophie_acting, mandate, tenant):
    assert sophie_acting.get(reverse("portal:rent")).status_code == 200
    services.revoke_mandate_scope(acting=Acting(user=tenant), mandate=mandate, scope="rent")
    assert sophie_acting.get(reverse("portal:rent")).status_code == 404
    assert sophie_acting.get(reverse("portal:callback")).status_code == 200


def test_an_expired_mandate_stops_working_to_the_second(client, helper, mandate):
    with time_machine.travel(mandate.ends_at - dt.timedelta(seconds=5), tick=False):
        client.force_login(helper)
        client.post(reverse("portal:act-for"), {"person": mandate.tenant_id})
    with time_machine.travel(mandate.ends_at - dt.timedelta(seconds=1), tick=False):
        assert client.get(reverse("portal:rent")).status_code == 200
    with time_machine.travel(mandate.ends_at, tick=False):
        assert client.get(reverse("portal:rent")).status_code == 404


def test_a_helper_cannot_choose_someone_she_has_no_mandate_for(client, helper, neighbour_person, mandate):
    client.force_login(helper)
    assert client.post(reverse("portal:act-for"), {"person": neighbour_person.pk}).status_code == 404


def test_stopping_takes_the_helper_back_to_her_own_home(sophie_acting):
    response = sophie_acting.post(reverse("portal:act-stop"))
    assert response.status_code == 302
    assert sophie_acting.get(reverse("portal:rent")).status_code == 404


def test_what_the_helper_does_is_written_as_done_for_the_tenant(sophie_acting, helper, tenant_person):
    from palier.audit.models import AuditEvent

    response = sophie_acting.post(reverse("portal:callback"), {"phone": "0470 12 34 56", "when": "any", "note": ""})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="contact.callback_requested")
    assert (event.actor_id, event.for_person_id) == (helper.pk, tenant_person.pk)
    use = MandateUse.objects.get()
    assert use.action == "action"


def test_a_tenant_gives_a_mandate_one_question_at_a_time(client, tenant, helper):
    client.force_login(tenant)
    assert client.post(reverse("portal:mandate-helper"), {"identifier": "Sophie@Entraide.example"}).url == reverse(
        "portal:mandate-scopes")
    assert client.post(reverse("portal:mandate-scopes"), {"scopes": ["rent", "repairs"]}).url == reverse(
        "portal:mandate-duration")
    assert client.post(reverse("portal:mandate-duration"), {"duration": "six_months"}).url == reverse(
        "portal:mandate-check")
    check = client.get(reverse("portal:mandate-check")).content.decode()
    assert "Sophie Laurent" in check
    response = client.post(reverse("portal:mandate-check"))
    mandate = helper.mandates_held.get()
    assert response.url == reverse("portal:mandate-detail", kwargs={"pk": mandate.pk})
    assert sorted(mandate.scopes.values_list("scope", flat=True)) == ["rent", "repairs"]
    assert mandate.consent == "portal"


def test_an_unknown_helper_is_refused_in_words(client, tenant):
    client.force_login(tenant)
    response = client.post(reverse("portal:mandate-helper"), {"identifier": "nobody@example.org"})
    assert response.status_code == 200
    assert "Nous n'avons trouvé aucun aidant avec cet e-mail" in response.content.decode().replace("&#x27;", "'")


def test_the_tenant_takes_back_a_scope_from_her_mandate_page(client, tenant, mandate):
    client.force_login(tenant)
    client.post(reverse("portal:mandate-take-back", kwargs={"pk": mandate.pk}), {"scope": "rent"})
    assert mandate.scopes.get(scope="rent").revoked_at is not None
    assert mandate.scopes.get(scope="messages").revoked_at is None
    client.post(reverse("portal:mandate-take-back", kwargs={"pk": mandate.pk}))
    mandate.refresh_from_db()
    assert mandate.state == "revoked"


def test_the_tenant_reads_in_her_journal_what_her_helper_looked_at(sophie_acting, client, tenant):
    sophie_acting.get(reverse("portal:rent"))
    client.force_login(tenant)
    page = client.get(reverse("portal:mandate-journal")).content.decode()
    assert "Sophie Laurent" in page


def test_a_cotenant_cannot_open_the_tenants_mandate(client, cotenant, mandate):
    client.force_login(cotenant)
    assert client.get(reverse("portal:mandate-detail", kwargs={"pk": mandate.pk})).status_code == 404


def test_a_helper_asks_by_sms_and_types_the_code_the_tenant_got(client, helper, tenancy, tenant_person):
    from palier.notifications.models import Message

    client.force_login(helper)
    response = client.post(reverse("portal:mandate-ask"), {
        "number": tenancy.number, "phone": "0470 12 34 56", "scopes": ["rent"], "duration": "day"})
    assert response.status_code == 302
    sms = Message.objects.get(channel="sms", person=tenant_person)
    code = next(word for word in sms.body.replace(".", " ").split() if word.isdigit() and len(word) == 6)
    client.post(response.url, {"code": code})
    client.post(reverse("portal:act-for"), {"person": tenant_person.pk})
    assert client.get(reverse("portal:rent")).status_code == 200


def test_a_wrong_phone_number_sends_nothing(client, helper, tenancy):
    from palier.notifications.models import Message

    client.force_login(helper)
    response = client.post(reverse("portal:mandate-ask"), {
        "number": tenancy.number, "phone": "0499 99 99 99", "scopes": ["rent"], "duration": "day"})
    assert response.status_code == 200
    assert not Message.objects.filter(channel="sms").exists()


def test_a_helper_confirms_her_second_factor_before_acting(settings, sophie_acting):
    settings.PALIER_REQUIRE_2FA = True
    response = sophie_acting.get(reverse("portal:rent"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:two-factor-setup"))


def test_once_the_mandate_is_stopped_the_helper_sees_only_her_own_details(sophie_acting, mandate, tenant):
    services.revoke_mandate(acting=Acting(user=tenant), mandate=mandate)
    page = sophie_acting.get(reverse("portal:profile")).content.decode()
    assert "Amina" not in page
    assert "Sophie" in page


def test_the_helper_home_costs_the_same_few_queries_for_many_tenants(client, helper, building,
                                                                   django_assert_max_num_queries):
    from palier import testing as t

    for i in range(6):
        household, tenancy = t.household_with_tenancy(t.dwelling(_any_building()), name=f"H{i}")
        person = t.person(household, f"P{i}", "Test")
        services.grant_mandate(acting=Acting(user=person.user), tenant=person, helper=helper, scopes=["rent"],
                               duration="day")
    client.force_login(helper)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("portal:home")).status_code == 200


def _any_building():
    from palier.estates.models import Building

    return Building.objects.first()
