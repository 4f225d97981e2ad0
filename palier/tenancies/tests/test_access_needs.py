"""Needs for visits: kept only with explicit consent, seen by firms only when the tenant agreed,
erased at once when the consent is withdrawn."""

import pytest
from django.db import connection
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.core.errors import DomainError
from palier.privacy import services as privacy
from palier.repairs.models import Contractor
from palier.repairs.services import raise_work_order
from palier.repairs.tests.helpers import report
from palier.tenancies import access_needs
from palier.tenancies.models import AccessConsentBy, Person

NOTE = "Sonner deux fois, parler lentement"


@pytest.fixture
def batipro(contractor):
    firm = Contractor.objects.create(name="BatiPro SRL")
    firm.users.add(contractor)
    return firm


def order_for(firm, person, agent):
    repair = report(person, "door-lock")
    return raise_work_order(acting=Acting(user=agent), repair=repair, contractor=firm, scope="Changer le cylindre",
                            deadline=None, expected_version=repair.version)


def answer(client, step, data):
    return client.post(reverse(f"portal:access-needs-{step}"), data)


def give_needs(client, *, share):
    assert answer(client, "consent", {"answer": "yes"}).url == reverse("portal:access-needs-needs")
    assert answer(client, "needs", {"needs": ["wheelchair", "hearing"], "note": NOTE}).url == \
        reverse("portal:access-needs-share")
    assert answer(client, "share", {"answer": "yes" if share else "no"}).url == reverse("portal:access-needs")


def fresh(person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_without_consent_nothing_is_stored(client, tenant, tenant_person):
    client.force_login(tenant)
    page = client.get(reverse("portal:access-needs-consent")).content.decode()
    assert "que nous gardions vos besoins pour les visites ?" in page
    answer(client, "consent", {"answer": "no"})
    # The later steps send back to the question, and a forged post keeps nothing.
    assert client.get(reverse("portal:access-needs-needs")).url == reverse("portal:access-needs-consent")
    answer(client, "needs", {"needs": ["wheelchair"], "note": NOTE})
    answer(client, "share", {"answer": "yes"})
    person = fresh(tenant_person)
    assert person.access_needs == [] and person.access_needs_note == "" and not person.access_needs_shared
    assert person.access_consent_at is None
    assert not AuditEvent.objects.filter(action__startswith="tenancies.access").exists()
    with pytest.raises(DomainError):
        access_needs.record_access_needs(acting=Acting(user=tenant), person=person, needs=["hearing"])


def test_the_tenant_gives_consent_then_needs_then_sharing_one_question_per_page(client, tenant, tenant_person):
    client.force_login(tenant)
    give_needs(client, share=False)
    person = fresh(tenant_person)
    assert person.access_needs == ["wheelchair", "hearing"] and person.access_needs_note == NOTE
    assert person.access_consent_by == AccessConsentBy.PERSON and person.access_consent_user == tenant
    assert person.access_consent_channel == "web" and not person.access_needs_shared
    page = client.get(reverse("portal:access-needs")).content.decode()
    assert "Entend mal" in page and NOTE in page
    # The note is encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_needs_note FROM tenancies_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAAA") and NOTE not in stored
    # The audit says that needs were kept, never which.
    event = AuditEvent.objects.get(action="tenancies.access_needs_recorded")
    assert event.data == {"count": 2, "note": True}


def test_consent_without_sharing_the_contractor_does_not_see_the_needs(client, tenant, tenant_person, agent,
                                                                        contractor, batipro):
    client.force_login(tenant)
    give_needs(client, share=False)
    order = order_for(batipro, tenant_person, agent)
    client.force_login(contractor)
    page = client.get(reverse("works:order", args=[order.pk])).content.decode()
    assert "Besoins pour la visite" not in page and NOTE not in page and "Entend mal" not in page


def test_with_sharing_the_assigned_contractor_sees_the_needs_and_the_reading_is_audited(
        client, tenant, tenant_person, agent, contractor, batipro):
    client.force_login(tenant)
    give_needs(client, share=True)
    order = order_for(batipro, tenant_person, agent)
    client.force_login(contractor)
    page = client.get(reverse("works:order", args=[order.pk])).content.decode()
    assert "Besoins pour la visite" in page and "Entend mal" in page and NOTE in page
    assert AuditEvent.objects.filter(action="audit.sensitive_read", actor=contractor,
                                     subject_person_id=tenant_person.pk, data={"field": "access_needs"}).exists()


def test_a_contractor_not_assigned_gets_404_and_no_needs(client, tenant, tenant_person, agent, landlord):
    from palier.accounts.models import Role
    from palier.testing import user

    client.force_login(tenant)
    give_needs(client, share=True)
    order = order_for(Contractor.objects.create(name="Sanitaires Dupont"), tenant_person, agent)
    other = user(Role.CONTRACTOR, "dupont", "Paul", "Dupont", organisation="Sanitaires Dupont")
    Contractor.objects.create(name="Autre SRL").users.add(other)
    client.force_login(other)
    assert client.get(reverse("works:order", args=[order.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.sensitive_read", actor=other).exists()


def test_another_household_never_reaches_these_needs(client, tenant, tenant_person, neighbour, neighbour_person,
                                                     cotenant, other_agent, tenancy):
    client.force_login(tenant)
    give_needs(client, share=True)
    # The neighbour's page is about the neighbour only, and writing there changes only theirs.
    client.force_login(neighbour)
    assert NOTE not in client.get(reverse("portal:access-needs")).content.decode()
    answer(client, "consent", {"answer": "no"})
    assert fresh(tenant_person).access_needs_note == NOTE
    # A co-tenant cannot consent for her: the page serves his own person.
    client.force_login(cotenant)
    assert NOTE not in client.get(reverse("portal:access-needs")).content.decode()
    # Staff of another agency: the tenant file is a 404.
    client.force_login(other_agent)
    assert client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).status_code == 404


def test_withdrawing_consent_erases_at_once_and_is_audited(client, tenant, tenant_person, agent, contractor,
                                                           batipro):
    client.force_login(tenant)
    give_needs(client, share=True)
    assert "Effacer vos besoins pour les visites ?" in client.get(
        reverse("portal:access-needs-withdraw")).content.decode()
    assert client.post(reverse("portal:access-needs-withdraw")).url == reverse("portal:access-needs")
    person = fresh(tenant_person)
    assert person.access_needs == [] and person.access_needs_note == "" and not person.access_needs_shared
    assert person.access_consent_at is None and person.access_consent_user is None
    event = AuditEvent.objects.get(action="tenancies.access_consent_withdrawn")
    assert event.actor == tenant and event.subject_person_id == tenant_person.pk
    order = order_for(batipro, tenant_person, agent)
    client.force_login(contractor)
    assert NOTE not in client.get(reverse("works:order", args=[order.pk])).content.decode()


def test_staff_record_the_needs_on_the_phone_and_the_file_shows_them(client, agent, tenancy, tenant_person):
    client.force_login(agent)
    client.post(reverse("backoffice:act-for-tenant", kwargs={"pk": tenancy.pk}),
                {"person": tenant_person.pk, "channel": "phone"})
    give_needs(client, share=False)
    person = fresh(tenant_person)
    assert person.access_consent_by == AccessConsentBy.STAFF and person.access_consent_user == agent
    assert person.access_consent_channel == "phone"
    event = AuditEvent.objects.get(action="tenancies.access_consent_given")
    assert event.actor == agent and event.for_person_id == tenant_person.pk and event.channel == "phone"
    page = client.get(reverse("backoffice:tenant-detail", args=[tenancy.pk])).content.decode()
    assert "Utilise un fauteuil roulant" in page and NOTE in page and "Partagé avec les entreprises : non" in page
    assert AuditEvent.objects.filter(action="audit.sensitive_read", actor=agent, subject_person_id=tenant_person.pk,
                                     data={"field": "access_needs"}).exists()


def test_a_helper_needs_a_mandate_covering_repairs(client, helper, tenant_person):
    from palier.mandates import services as mandates
    from palier.mandates.acting import SESSION_PERSON

    mandate = mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                                     scopes=["messages"], duration="month")
    client.force_login(helper)
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    assert client.get(reverse("portal:access-needs")).status_code == 404
    mandates.revoke_mandate(acting=Acting(user=tenant_person.user), mandate=mandate)
    mandates.grant_mandate(acting=Acting(user=tenant_person.user), tenant=tenant_person, helper=helper,
                           scopes=["repairs"], duration="month")
    session = client.session
    session[SESSION_PERSON] = tenant_person.pk
    session.save()
    answer(client, "consent", {"answer": "yes"})
    assert fresh(tenant_person).access_consent_by == AccessConsentBy.HELPER


def test_my_data_exports_the_needs_and_erasure_removes_them(tenant, tenant_person, dpo):
    acting = Acting(user=tenant)
    access_needs.give_access_consent(acting=acting, person=tenant_person)
    access_needs.record_access_needs(acting=acting, person=tenant_person, needs=["sight"], note=NOTE)
    data = privacy.export_person(acting=acting, person=tenant_person)
    section = next(s for s in data["sections"] if s["name"] == "access_needs")
    assert section["data"]["needs_for_visits"] == ["Aveugle ou malvoyant"] and section["data"]["note"] == NOTE
    assert section["data"]["shared_with_firms"] is False
    privacy.erase_on_request(acting=Acting(user=dpo), person=fresh(tenant_person))
    person = fresh(tenant_person)
    assert person.access_needs == [] and person.access_needs_note == "" and person.access_consent_at is None
    assert AuditEvent.objects.filter(action="tenancies.access_consent_withdrawn", actor=dpo).exists()


def test_the_repair_journey_says_the_access_notes_go_to_whoever_comes(client, tenant):
    client.force_login(tenant)
    session = client.session
    session["repair_report"] = {"room": "kitchen", "problem": "door-lock", "since": "days"}
    session.save()
    page = client.get(reverse("portal:repair-report-access")).content.decode()
    assert "La personne qui vient pour les travaux lit ces notes." in page
    assert reverse("portal:access-needs") in page


def test_the_database_refuses_needs_without_a_consent(tenant_person):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=tenant_person.pk).update(access_needs=["hearing"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=tenant_person.pk).update(access_needs_shared=True)
