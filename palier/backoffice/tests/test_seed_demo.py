import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from stdnum.be import ogm_vcs

from palier.accounts import services as accounts
from palier.accounts.models import Role, User
from palier.backoffice import demo_data as d
from palier.core.acting import Acting
from palier.estates.models import Agency, CommonArea, Dwelling, Kiosk, Landlord
from palier.tenancies.models import HouseholdRole, Person, Tenancy

pytestmark = pytest.mark.django_db


def seed(dwellings=60, **options):
    out = io.StringIO()
    call_command("seed_demo", dwellings=dwellings, stdout=out, **options)
    return out.getvalue()


def test_the_demo_landlord_has_exactly_the_dwellings_asked_for_in_several_agencies():
    output = seed(60)

    assert Landlord.objects.count() == 1
    assert Dwelling.objects.count() == 60
    assert Agency.objects.count() == 4
    for agency in Agency.objects.all():
        assert agency.phone and agency.street and agency.opening_hours.exists()
    assert "60 dwellings" in output


def test_almost_every_dwelling_has_a_household_with_a_tenant_and_a_rent():
    seed(60)

    tenancies = Tenancy.objects.all()
    assert 50 <= tenancies.count() <= 60
    for tenancy in tenancies:
        assert tenancy.number.isdigit()
        assert tenancy.rent > 0 and tenancy.charges > 0
        assert tenancy.housing_officer.role == Role.AGENT
        assert tenancy.household.persons.filter(household_role=HouseholdRole.TENANT).count() == 1
    assert Person.objects.filter(household_role=HouseholdRole.COTENANT).exists()
    assert Person.objects.filter(household_role=HouseholdRole.OCCUPANT).exists()


def test_about_a_quarter_of_adults_have_neither_email_nor_phone():
    seed(60)

    adults = Person.objects.exclude(household_role=HouseholdRole.OCCUPANT)
    without = adults.filter(email="", phone="").count()
    assert 0.1 <= without / adults.count() <= 0.45
    languages = set(Person.objects.values_list("language", flat=True))
    assert {"fr", "nl"} <= languages


def test_every_role_has_an_account_but_only_a_fraction_of_tenants_do():
    seed(60)

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    tenant_accounts = User.objects.filter(role=Role.TENANT).count()
    assert 4 <= tenant_accounts <= Person.objects.count() * 0.3


def test_the_estates_have_common_rooms_and_a_digital_space_with_a_kiosk():
    seed(60)

    kiosk = Kiosk.objects.get()
    assert kiosk.common_area.kind == "digital_space"
    assert CommonArea.objects.filter(kind="common_room").exists()


def test_payment_references_are_valid_structured_communications():
    seed(60)

    references = list(Tenancy.objects.values_list("payment_reference", flat=True))
    assert references and all(ogm_vcs.is_valid(ref) for ref in references)
    assert len(set(references)) == len(references)


def test_the_same_seed_gives_the_same_people():
    def people_of_one_run(seed_value):
        with transaction.atomic():
            seed(40, seed=seed_value)
            people = list(Person.objects.order_by("pk").values_list("first_name", "last_name", "birth_date", "email"))
            transaction.set_rollback(True)
        return people

    first, second, other = people_of_one_run(42), people_of_one_run(42), people_of_one_run(43)

    assert first == second
    assert first != other


def test_with_if_empty_a_second_run_keeps_the_data():
    seed(60)
    names = sorted(Person.objects.values_list("last_name", flat=True))

    output = seed(80, if_empty=True)

    assert "kept" in output
    assert Dwelling.objects.count() == 60
    assert sorted(Person.objects.values_list("last_name", flat=True)) == names


def test_without_if_empty_a_second_run_is_refused():
    seed(60)

    with pytest.raises(CommandError, match="already has a landlord"):
        seed(60)


def test_the_demo_tenant_signs_in_with_her_tenancy_number_or_her_email():
    seed(60)
    tenant = User.objects.get(username=d.DEMO_TENANT)
    number = Tenancy.objects.get(household__persons__user=tenant).number
    acting = Acting(ip="192.0.2.1")

    assert accounts.authenticate(acting=acting, identifier=number, secret=d.DEMO_PASSWORD) == tenant
    assert accounts.authenticate(acting=acting, identifier=d.DEMO_TENANT_EMAIL, secret=d.DEMO_PASSWORD) == tenant
    cotenant = accounts.authenticate(acting=acting, identifier=d.DEMO_COTENANT_EMAIL, secret=d.COTENANT_PASSWORD)
    assert cotenant.person.household_id == tenant.person.household_id


def test_the_tenant_with_no_email_and_no_phone_signs_in_on_the_kiosk_with_a_pin():
    seed(60)
    user = User.objects.get(username=d.DEMO_KIOSK_TENANT)
    number = Tenancy.objects.get(household__persons__user=user).number

    assert user.email == "" and user.person.phone == ""
    assert accounts.authenticate(acting=Acting(ip="192.0.2.2"), identifier=number, secret=d.DEMO_PIN, kind="pin") == user


def test_the_tenant_not_yet_activated_cannot_sign_in_before_her_letter():
    seed(60)
    user = User.objects.get(username=d.DEMO_NEW_TENANT)

    assert user.activated_at is None and not user.has_usable_password()
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(acting=Acting(ip="192.0.2.3"), identifier=d.DEMO_NEW_TENANT_EMAIL,
                              secret=d.DEMO_PASSWORD)


def test_demo_logins_prints_every_demo_account_and_a_kiosk_enrolment_link():
    seed(60)
    out = io.StringIO()

    call_command("demo_logins", base_url="http://127.0.0.1:8000", stdout=out)

    text = out.getvalue()
    for username, *_ in d.DEMO_STAFF:
        assert username in text
    assert d.DEMO_TENANT_EMAIL in text and "3000001" in text and d.DEMO_PIN in text
    assert "http://127.0.0.1:8000/kiosk/enrol/" in text
    assert "http://127.0.0.1:8000/staff/" in text


def test_demo_logins_prints_an_activation_code_that_activates_the_new_tenant():
    seed(60)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    code = out.getvalue().split("activation code ")[1].split()[0]
    user = User.objects.get(username=d.DEMO_NEW_TENANT)

    found, otc = accounts.check_code(users=[user], purpose="activation", code=code)
    accounts.activate_account(acting=Acting(ip="192.0.2.4"), user=found, code=otc, password="a-new-home-2026")

    user.refresh_from_db()
    assert user.activated_at is not None and user.check_password("a-new-home-2026")


def test_the_demo_tenant_and_the_demo_kiosk_have_news(db):
    import io

    from django.core.management import call_command

    from palier.contact.queries import announcements_for_estate, announcements_for_tenancy
    from palier.estates.models import Kiosk
    from palier.tenancies.models import Tenancy

    call_command("seed_demo", dwellings=40, stdout=io.StringIO())
    kiosk = Kiosk.objects.get()
    assert len(announcements_for_estate(kiosk.estate)) == 2
    assert len(announcements_for_tenancy(Tenancy.objects.get(number="3000001"))) >= 1
