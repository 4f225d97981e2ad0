"""A contractor's users see only their firm's work orders, and report on them."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.repairs.models import Contractor, EventKind, Status, WorkOrderStatus
from palier.repairs.services import raise_work_order
from palier.repairs.tests.helpers import jpeg_bytes, report


def order_for(firm, person, agent, code="door-lock"):
    repair = report(person, code)
    return raise_work_order(acting=Acting(user=agent), repair=repair, contractor=firm, scope="Changer le cylindre",
                            deadline=None, expected_version=repair.version)


def test_a_contractor_sees_only_the_work_orders_of_his_firm(client, contractor, agent, tenant_person, tenancy):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    batipro.users.add(contractor)
    mine = order_for(batipro, tenant_person, agent)
    theirs = order_for(Contractor.objects.create(name="Sanitaires Dupont"), tenant_person, agent, "bath-flush")
    client.force_login(contractor)
    page = client.get(reverse("works:home")).content.decode()
    assert mine.request.reference in page and theirs.request.reference not in page
    assert client.get(reverse("works:order", args=[theirs.pk])).status_code == 404
    detail = client.get(reverse("works:order", args=[mine.pk])).content.decode()
    assert "Amina Benali" in detail and "+32470123456" in detail
    assert "amina.benali@example.org" not in detail  # the minimum: name, phone, access notes


def test_a_contractor_confirms_the_visit_and_the_household_is_told(client, contractor, agent, tenant_person, tenancy):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    batipro.users.add(contractor)
    order = order_for(batipro, tenant_person, agent)
    at = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
    client.force_login(contractor)
    client.post(reverse("works:order", args=[order.pk]),
                {"action": "confirm", "confirm-appointment_at": at.strftime("%Y-%m-%dT%H:%M")})
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CONFIRMED
    assert order.request.appointment_at == at
    assert Message.objects.filter(person=tenant_person, body__contains="09:30").exists()


def test_a_contractor_reports_the_work_done_with_a_photo(client, contractor, agent, tenant_person, tenancy):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    batipro.users.add(contractor)
    order = order_for(batipro, tenant_person, agent)
    client.force_login(contractor)
    photo = SimpleUploadedFile("apres.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post(reverse("works:order", args=[order.pk]),
                {"action": "done", "done-report": "Cylindre remplacé", "done-photo": photo})
    repair = order.request
    repair.refresh_from_db()
    assert repair.status == Status.DONE
    assert repair.photos.count() == 1
    assert Message.objects.filter(person=tenant_person, body__contains="Est-ce réparé").exists()


def test_no_one_home_is_reported_to_the_household_and_the_officer(client, contractor, agent, tenant_person, tenancy):
    batipro = Contractor.objects.create(name="BatiPro SRL")
    batipro.users.add(contractor)
    order = order_for(batipro, tenant_person, agent)
    client.force_login(contractor)
    client.post(reverse("works:order", args=[order.pk]), {"action": "no_one_home", "no_one-report": "Sonné 3 fois"})
    assert order.request.events.filter(kind=EventKind.NO_ONE_HOME).exists()
    assert Message.objects.filter(user=agent, body__contains="Personne n'était là").exists()
    assert Message.objects.filter(person=tenant_person, body__contains="personne n'était là").exists()


def test_only_contractors_sign_in_here(client, agent):
    from palier import testing as t

    response = client.post(reverse("works:login"), {"identifier": "nadia", "password": t.PASSWORD})
    assert "Cette connexion est réservée aux entreprises." in response.content.decode()
    assert "_auth_user_id" not in client.session
