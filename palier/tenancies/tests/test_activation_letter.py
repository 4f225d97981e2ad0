import datetime as dt
import re

import pytest
import time_machine

from palier import testing as t
from palier.accounts import services as accounts
from palier.accounts.models import CodePurpose, Role
from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.tenancies.letters import activation_letter_pdf
from palier.tenancies.models import HouseholdRole
from palier.tenancies.services import ensure_account, issue_activation
from palier.testing import pdf_objects, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(tenancy, landlord):
    return t.person(tenancy.household, "Leila", "Benali", role=HouseholdRole.COTENANT, phone="0475 11 22 56",
                    with_account=False)


def test_the_letter_holds_the_tenancy_number_and_a_code_that_works(agent, newcomer):
    pdf = activation_letter_pdf(acting=Acting(user=agent, channel=Channel.COUNTER), person=newcomer)
    text = pdf_text(pdf)
    assert "2601234" in text
    assert "Leila Benali" in text
    assert "Rue des Tilleuls 12 bte 3B, 1000" in text
    assert "Foyer Bruxellois Démo" in text
    assert "+32 2 555 01 10" in text
    assert "http://localhost:8000/activate/" in text
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", text).group(0)
    newcomer.refresh_from_db()
    user, _code = accounts.check_code(users=[newcomer.user], purpose=CodePurpose.ACTIVATION, code=code)
    assert user == newcomer.user


def test_the_letter_is_a_tagged_pdf(agent, newcomer):
    pdf = activation_letter_pdf(acting=Acting(user=agent), person=newcomer)
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects


@time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC), tick=False)
def test_the_letter_is_written_in_the_persons_language(agent, newcomer):
    french = activation_letter_pdf(acting=Acting(user=agent), person=newcomer)
    newcomer.language = "nl"
    newcomer.save()
    dutch = activation_letter_pdf(acting=Acting(user=agent), person=newcomer)
    assert b"/Lang (fr)" in pdf_objects(french)
    assert b"/Lang (nl)" in pdf_objects(dutch)
    assert "27 novembre 2026" in pdf_text(french)
    assert "27 november 2026" in pdf_text(dutch)


def test_printing_a_letter_is_audited_and_spends_the_earlier_code(agent, newcomer):
    first = issue_activation(acting=Acting(user=agent), person=newcomer, method="letter")
    activation_letter_pdf(acting=Acting(user=agent, channel=Channel.COUNTER), person=newcomer)
    newcomer.refresh_from_db()
    printed = AuditEvent.objects.get(action="tenancies.activation_letter_printed")
    assert printed.actor == agent and printed.channel == Channel.COUNTER
    assert printed.subject_person_id == newcomer.pk
    with pytest.raises(accounts.CodeInvalid):
        accounts.check_code(users=[newcomer.user], purpose=CodePurpose.ACTIVATION, code=first.code)


@time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_letter_code_is_valid_for_the_configured_number_of_days(agent, newcomer, settings):
    settings.PALIER_ACTIVATION_CODE_DAYS = 30
    issued = issue_activation(acting=Acting(user=agent), person=newcomer, method="letter")
    assert issued.expires_at == dt.datetime(2026, 12, 27, 10, 0, tzinfo=dt.UTC)
    assert "27 décembre 2026" in pdf_text(activation_letter_pdf(acting=Acting(user=agent), person=newcomer))


def test_an_account_is_created_once_for_a_person(agent, newcomer):
    user = ensure_account(acting=Acting(user=agent), person=newcomer)
    assert ensure_account(acting=Acting(user=agent), person=newcomer) == user
    assert user.username == f"t{newcomer.pk}"
    assert user.role == Role.TENANT and not user.has_usable_password()
    assert user.phone == "+32475112256" and user.language == "fr"
    assert AuditEvent.objects.filter(action="tenancies.tenant_account_created").count() == 1


def test_an_email_already_used_by_another_account_is_not_copied(agent, tenant, tenancy):
    shared = t.person(tenancy.household, "Sara", "Benali", role=HouseholdRole.COTENANT,
                      email="Amina.Benali@example.org", with_account=False)
    user = ensure_account(acting=Acting(user=agent), person=shared)
    assert user.email == ""


def test_a_code_by_sms_needs_a_phone_number(agent, tenancy, landlord):
    no_phone = t.person(tenancy.household, "Sara", "Benali", role=HouseholdRole.COTENANT, with_account=False)
    with pytest.raises(DomainError):
        issue_activation(acting=Acting(user=agent), person=no_phone, method="sms")
    with pytest.raises(DomainError):
        issue_activation(acting=Acting(user=agent), person=no_phone, method="email")
    no_phone.refresh_from_db()
    assert no_phone.user is None


def test_a_code_by_email_is_written_in_the_persons_language(agent, newcomer, django_capture_on_commit_callbacks):
    from django.core import mail

    newcomer.email = "leila@example.org"
    newcomer.language = "nl"
    newcomer.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue_activation(acting=Acting(user=agent), person=newcomer, method="email")
    assert mail.outbox[0].to == ["leila@example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "nl"
