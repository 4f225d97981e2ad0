import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from palier.audit.models import AuditEvent
from palier.core.acting import Acting, Channel
from palier.core.errors import DomainError
from palier.mandates import services
from palier.mandates.models import Consent, Mandate, MandateState
from palier.mandates.queries import live_scopes
from palier.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_a_granted_mandate_runs_for_the_chosen_duration_and_tells_both_people(mandate, tenant_person, helper):
    assert mandate.state == MandateState.ACTIVE
    assert mandate.ends_at - mandate.starts_at == dt.timedelta(days=30)
    assert mandate.organisation == "Entraide Marolles"
    to = set(Message.objects.values_list("channel", "to"))
    assert ("email", "amina.benali@example.org") in to
    assert ("email", "sophie@entraide.example") in to
    event = AuditEvent.objects.get(action="mandates.granted")
    assert event.subject_person_id == tenant_person.pk


def test_a_helper_account_is_needed(tenant, tenant_person, neighbour):
    with pytest.raises(DomainError) as error:
        services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=neighbour,
                               scopes=["rent"], duration="day")
    assert error.value.field == "helper"


def test_a_duration_off_the_menu_is_refused(tenant, tenant_person, helper):
    with pytest.raises(DomainError) as error:
        services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                               scopes=["rent"], duration="forever")
    assert error.value.field == "duration"


def test_a_second_mandate_to_the_same_helper_is_refused_while_the_first_runs(mandate, tenant, tenant_person, helper):
    with pytest.raises(DomainError):
        services.grant_mandate(acting=Acting(user=tenant), tenant=tenant_person, helper=helper,
                               scopes=["repairs"], duration="day")


def test_the_helper_finds_nothing_the_second_the_mandate_ends(mandate, helper, tenant_person):
    with time_machine.travel(mandate.ends_at - dt.timedelta(seconds=1), tick=False):
        assert live_scopes(helper.pk, tenant_person.pk, timezone.now())[1] == {"rent", "messages"}
    with time_machine.travel(mandate.ends_at, tick=False):
        assert live_scopes(helper.pk, tenant_person.pk, timezone.now())[0] is None


def test_taking_back_one_scope_leaves_the_others(mandate, tenant, helper, tenant_person):
    services.revoke_mandate_scope(acting=Acting(user=tenant), mandate=mandate, scope="rent")
    assert live_scopes(helper.pk, tenant_person.pk, timezone.now())[1] == {"messages"}
    assert AuditEvent.objects.filter(action="mandates.scope_revoked").count() == 1


def test_taking_back_the_last_scope_stops_the_mandate(mandate, tenant):
    services.revoke_mandate_scope(acting=Acting(user=tenant), mandate=mandate, scope="rent")
    services.revoke_mandate_scope(acting=Acting(user=tenant), mandate=mandate, scope="messages")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED


def test_stopping_a_mandate_tells_the_helper(mandate, tenant, helper, tenant_person):
    services.revoke_mandate(acting=Acting(user=tenant), mandate=mandate)
    assert live_scopes(helper.pk, tenant_person.pk, timezone.now())[0] is None
    message = Message.objects.filter(to="sophie@entraide.example").order_by("-pk").first()
    assert "Amina Benali" in message.body


def test_a_code_by_sms_lets_the_helper_confirm(helper, tenant_person, sms_outbox):
    mandate = services.request_mandate_by_sms(acting=Acting(user=helper), tenant=tenant_person, helper=helper,
                                              scopes=["repairs"], duration="year")
    assert mandate.state == MandateState.PENDING
    assert live_scopes(helper.pk, tenant_person.pk, timezone.now())[0] is None
    sms = Message.objects.get(channel="sms", person=tenant_person)
    code = next(word for word in sms.body.replace(".", " ").split() if word.isdigit() and len(word) == 6)
    services.confirm_mandate_by_code(acting=Acting(user=helper), mandate=mandate, code=code)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE
    assert mandate.consent == Consent.SMS


def test_a_wrong_code_is_counted_and_five_stop_the_request(helper, tenant_person):
    mandate = services.request_mandate_by_sms(acting=Acting(user=helper), tenant=tenant_person, helper=helper,
                                              scopes=["repairs"], duration="day")
    for _ in range(5):
        with pytest.raises(DomainError):
            services.confirm_mandate_by_code(acting=Acting(user=helper), mandate=mandate, code="000000x")
    assert Mandate.objects.get(pk=mandate.pk).code_attempts == 5
    with pytest.raises(DomainError, match="trop ancien"):
        services.confirm_mandate_by_code(acting=Acting(user=helper), mandate=mandate, code="123456")


def _png_with_metadata() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (40, 40), "white")
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def test_a_paper_form_keeps_its_scan_without_metadata(agent, tenant_person, helper):
    scan = SimpleUploadedFile("my form.png", _png_with_metadata(), content_type="image/png")
    mandate = services.register_paper_mandate(
        acting=Acting(user=agent, channel=Channel.COUNTER), tenant=tenant_person, helper=helper,
        scopes=["documents"], duration="six_months", scan=scan)
    assert mandate.consent == Consent.PAPER
    assert mandate.scan.name.startswith("mandates/paper/") and "my form" not in mandate.scan.name
    with mandate.scan.open("rb") as handle:
        assert b"secret description" not in handle.read()


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_whatever_its_name(agent, tenant_person, helper):
    scan = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    with pytest.raises(DomainError) as error:
        services.register_paper_mandate(acting=Acting(user=agent), tenant=tenant_person, helper=helper,
                                        scopes=["rent"], duration="day", scan=scan)
    assert error.value.field == "scan"
    assert not Mandate.objects.exists()


def test_a_reminder_goes_once_a_week_before_the_end(mandate):
    with time_machine.travel(mandate.ends_at - dt.timedelta(days=8)):
        assert services.send_expiry_reminders(acting=Acting.system()) == 0
    with time_machine.travel(mandate.ends_at - dt.timedelta(days=6)):
        assert services.send_expiry_reminders(acting=Acting.system()) == 1
        assert services.send_expiry_reminders(acting=Acting.system()) == 0
    reminded = Message.objects.filter(idempotency_key__contains="-reminder-", channel="email")
    assert sorted(reminded.values_list("to", flat=True)) == ["amina.benali@example.org", "sophie@entraide.example"]


def test_the_daily_task_sends_the_reminders(mandate):
    from palier.mandates.tasks import remind_expiring_mandates

    with time_machine.travel(mandate.ends_at - dt.timedelta(days=2)):
        result = remind_expiring_mandates.enqueue()
    assert result.return_value == 1


def test_the_tenants_data_export_lists_her_mandates_and_their_journal(mandate, tenant_person, helper):
    from palier.mandates.privacy import export_person

    services.record_use(actor=helper, person_id=tenant_person.pk, mandate_id=mandate.pk, scope="rent",
                        page="portal:rent", action="view", channel="web")
    data = export_person(tenant_person)
    assert data["mandates_given"][0]["helper"] == "Sophie Laurent"
    assert "code_hash" not in data["mandates_given"][0]
    assert [line["page"] for line in data["journal"]] == ["portal:rent"]


def test_mandates_are_deleted_six_years_after_they_end(mandate, tenant_person, helper):
    from palier.mandates.privacy import apply_retention

    services.record_use(actor=helper, person_id=tenant_person.pk, mandate_id=mandate.pk, scope="rent",
                        page="portal:rent", action="view", channel="web")
    assert apply_retention({"helper_mandates": 72}, acting=Acting.system(),
                           now=mandate.ends_at + dt.timedelta(days=365 * 5))[0]["count"] == 0
    lines = apply_retention({"helper_mandates": 72}, acting=Acting.system(), now=mandate.ends_at + dt.timedelta(days=365 * 7))
    assert [line["count"] for line in lines] == [1, 1]
    assert not Mandate.objects.exists()


def test_nobody_gives_a_mandate_for_someone_of_another_household(tenant, neighbour_person, helper):
    with pytest.raises(DomainError):
        services.grant_mandate(acting=Acting(user=tenant), tenant=neighbour_person, helper=helper,
                               scopes=["rent"], duration="day")
    assert not Mandate.objects.exists()


def test_a_child_of_the_household_cannot_give_a_mandate(tenancy, helper):
    from palier import testing as t
    from palier.tenancies.models import HouseholdRole

    child = t.person(tenancy.household, "Lina", "Benali", role=HouseholdRole.OCCUPANT)
    with pytest.raises(DomainError):
        services.grant_mandate(acting=Acting(user=child.user), tenant=child, helper=helper, scopes=["rent"],
                               duration="day")
