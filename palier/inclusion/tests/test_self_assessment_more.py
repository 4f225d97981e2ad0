"""The questions about the internet: offered after activation, answered at the kiosk or recorded by
staff on the phone or at the counter, and followed by suggestions that match the answers."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from palier import testing as t
from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.inclusion import queries, services
from palier.inclusion import testing as it
from palier.inclusion.models import SelfAssessment

STAFF_FORM = "/staff/inclusion/self-assessment/"

# Far from the internet: no connection, no device, at ease with nothing, would like help.
FAR = {"internet_at_home": False, "devices": set(), "email": "no", "forms": "no", "banking": "no",
       "wants_help": True}
# At ease with everything but banking on the internet; no help wanted.
NEARLY = {"internet_at_home": True, "devices": {"computer", "smartphone"}, "email": "yes", "forms": "yes",
          "banking": "a_little", "wants_help": False}


def text(response):
    return html.unescape(response.content.decode())


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def offer(agency, estate, inclusion_officer):
    acting = Acting(user=inclusion_officer)
    epn = services.save_partner(acting=acting, agency=agency, name="EPN Marolles", kind="digital_space",
                                offers={"fr": "Ordinateurs et internet en accès libre."}, phone="+32 2 555 11 11")
    entraide = it.partner(agency, inclusion_officer)  # an association that accompanies
    bank_safe = services.save_partner(acting=acting, agency=agency, name="Banque Prudente", kind="jobs",
                                      offers={"fr": "Des conseils pour payer en ligne sans risque."})
    services.save_partner(acting=acting, agency=agency, name="Service Budget", kind="budget",
                          offers={"fr": "Aide pour le budget."})
    email = it.workshop(agency, inclusion_officer, topic="email", title="Envoyer un e-mail")
    banking = it.workshop(agency, inclusion_officer, topic="banking", title="Banque en ligne en sécurité",
                          partner=bank_safe)
    return {"epn": epn, "entraide": entraide, "bank_safe": bank_safe,
            "email": it.session(email, inclusion_officer, estate=estate),
            "banking": it.session(banking, inclusion_officer, estate=estate),
            "space": it.space(estate, inclusion_officer, name="Salle informatique")}


def answer(person, answers, channel="web"):
    return services.record_self_assessment(acting=Acting(user=person.user, channel=channel), person=person,
                                           **answers)


def test_far_from_the_internet_gets_a_digital_space_and_a_partner_who_accompanies(offer, agency, tenant_person):
    partners = queries.suggested_partners(answer(tenant_person, FAR), agency.pk)
    names = [p.name for p in partners]
    assert names[:2] == ["EPN Marolles", "Entraide Marolles"]
    assert "Banque Prudente" in names  # it gives the online banking workshop
    assert "Service Budget" not in names


def test_nearly_at_ease_gets_only_the_online_banking_safety_workshop_and_its_partner(offer, agency, tenant_person):
    assessment = answer(tenant_person, NEARLY)
    assert queries.suggested_topics(assessment) == ["banking"]
    assert [p.name for p in queries.suggested_partners(assessment, agency.pk)] == ["Banque Prudente"]


def test_the_suggestions_page_follows_the_answers(offer, tenant, tenant_person):
    client = signed_in(tenant)

    answer(tenant_person, FAR)
    far = text(client.get("/workshops/questions/done/"))
    answer(tenant_person, NEARLY)
    nearly = text(client.get("/workshops/questions/done/"))

    assert "EPN Marolles" in far and "Entraide Marolles" in far and "Salle informatique" in far
    assert "Envoyer un e-mail" in far and "Banque en ligne en sécurité" in far
    assert "Banque en ligne en sécurité" in nearly and "Banque Prudente" in nearly
    for absent in ("EPN Marolles", "Entraide Marolles", "Salle informatique", "Envoyer un e-mail", "Service Budget"):
        assert absent not in nearly, absent


def test_at_ease_with_everything_gets_no_partner(offer, agency, tenant_person):
    assessment = answer(tenant_person, {**NEARLY, "banking": "yes"})
    assert queries.suggested_partners(assessment, agency.pk) == []


def test_a_partner_of_another_agency_is_never_suggested(offer, other_agency, tenant_person):
    assessment = answer(tenant_person, FAR)
    assert queries.suggested_partners(assessment, other_agency.pk) == []


def test_the_questions_are_offered_after_activation_and_not_now_weighs_the_same(tenant):
    page = text(signed_in(tenant).get(reverse("portal:activate-done")))
    assert "Voulez-vous de l'aide avec internet ?" in page
    assert f'<a class="button" href="{reverse("portal:self-assessment")}">Répondre aux questions</a>' in page
    assert f'<a class="button" href="{reverse("portal:home")}">Pas maintenant</a>' in page


def test_a_helper_is_not_offered_the_questions_after_activation(helper):
    page = text(signed_in(helper).get(reverse("portal:activate-done")))
    assert "Répondre aux questions" not in page


def test_the_questions_answered_at_the_kiosk_are_kept_as_kiosk(kiosk_client, offer, tenant, tenant_person, tenancy):
    kiosk_client.post("/kiosk/sign-in/", {"number": tenancy.number})
    kiosk_client.post("/kiosk/sign-in/pin/", {"pin": t.PIN})
    for step, (name, value) in enumerate((("internet_at_home", "no"), ("devices", []), ("email", "no"),
                                          ("online_forms", "no"), ("banking", "no"), ("wants_help", "yes"))):
        response = kiosk_client.post(f"/kiosk/workshops/questions/?step={step}", {name: value}, follow=True)
    assert SelfAssessment.objects.get(person=tenant_person).channel == "kiosk"
    assert "EPN Marolles" in text(response)


STAFF_ANSWERS = {"internet_at_home": "no", "email": "a_little", "online_forms": "no", "banking": "no",
                 "wants_help": "yes", "channel": "counter"}


def test_an_agent_records_the_answers_given_at_the_counter_and_it_is_audited(agent, tenant_person, offer):
    client = signed_in(agent)
    enrol_page = text(client.get("/staff/inclusion/enrol/", {"person": tenant_person.pk}))
    assert f"{STAFF_FORM}?person={tenant_person.pk}" in enrol_page
    assert "Avez-vous internet à la maison ?" in text(client.get(STAFF_FORM, {"person": tenant_person.pk}))

    response = client.post(f"{STAFF_FORM}?person={tenant_person.pk}", {**STAFF_ANSWERS, "devices": ["smartphone"]})

    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(person=tenant_person)
    assert assessment.channel == "counter" and assessment.has_smartphone and assessment.wants_help
    event = AuditEvent.objects.get(action="inclusion.self_assessment_recorded")
    assert event.actor == agent and event.subject_person_id == tenant_person.pk and event.channel == "counter"
    shown = text(client.get(response["Location"]))
    assert "Les réponses de Amina Benali sont enregistrées" in shown and "Banque en ligne" in shown


def test_the_tenant_sees_the_suggestions_of_answers_staff_recorded(agent, tenant, tenant_person, offer):
    signed_in(agent).post(f"{STAFF_FORM}?person={tenant_person.pk}", {**STAFF_ANSWERS, "channel": "phone"})
    page = text(signed_in(tenant).get("/workshops/questions/done/"))
    assert "EPN Marolles" in page and "Entraide Marolles" in page


def test_a_missing_answer_is_asked_again_and_nothing_is_kept(agent, tenant_person, offer):
    response = signed_in(agent).post(f"{STAFF_FORM}?person={tenant_person.pk}",
                                     {k: v for k, v in STAFF_ANSWERS.items() if k != "banking"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_tenant_of_another_agency_cannot_be_chosen_and_a_tenant_has_no_such_page(other_agent, tenant,
                                                                                   tenant_person, offer):
    assert signed_in(other_agent).post(f"{STAFF_FORM}?person={tenant_person.pk}", STAFF_ANSWERS).status_code == 404
    assert signed_in(tenant).get(STAFF_FORM, {"person": tenant_person.pk}).status_code == 404
    assert not SelfAssessment.objects.exists()
