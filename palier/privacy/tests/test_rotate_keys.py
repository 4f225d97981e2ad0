"""`manage.py rotate_keys` re-encrypts every encrypted value with the new key, while the old key
still reads what is left."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from palier.tenancies.models import Person

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_national_number(person) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_number FROM tenancies_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def old_key(settings):
    """Everything below is encrypted with the old key, the landlord's IBAN included."""
    settings.PALIER_ENCRYPTION_KEYS = [OLD_KEY]


@pytest.fixture
def numbered_people(old_key, tenant_person, cotenant_person, neighbour_person):
    for person, number in ((tenant_person, "85073003361"), (cotenant_person, "90020199785")):
        person.national_number = number
        person.save()
    return tenant_person, cotenant_person, neighbour_person


def test_the_national_number_is_stored_encrypted_and_read_back_plain(numbered_people):
    amina = numbered_people[0]
    assert "85073003361" not in raw_national_number(amina)
    assert Person.objects.get(pk=amina.pk).national_number == "85073003361"


def test_rotation_re_encrypts_every_value_with_the_first_key_and_reports_counts(settings, numbered_people):
    amina, karim, neighbour = numbered_people
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    # During the rotation both keys read: nothing is down.
    assert Person.objects.get(pk=amina.pk).national_number == "85073003361"
    out = StringIO()
    call_command("rotate_keys", "--batch-size", "1", stdout=out)
    assert "tenancies.Person.national_number: 3 values read, 2 re-encrypted" in out.getvalue()
    for person in (amina, karim):
        Fernet(NEW_KEY.encode()).decrypt(raw_national_number(person).encode())
        with pytest.raises(InvalidToken):
            Fernet(OLD_KEY.encode()).decrypt(raw_national_number(person).encode())
    assert raw_national_number(neighbour) == ""
    # The old key can now go.
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY]
    assert Person.objects.get(pk=karim.pk).national_number == "90020199785"


def test_a_second_run_changes_nothing(settings, numbered_people):
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_keys", stdout=StringIO())
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "2 re-encrypted" not in out.getvalue()
    assert "Done: 0 values re-encrypted" in out.getvalue()


def test_plain_values_written_before_encryption_get_encrypted(settings, tenant_person):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tenancies_person SET national_number = %s WHERE id = %s", ["85073003361", tenant_person.pk])
    call_command("rotate_keys", stdout=StringIO())
    assert raw_national_number(tenant_person).startswith("gAAAAA")
    assert Person.objects.get(pk=tenant_person.pk).national_number == "85073003361"
