"""The landlord's own IBAN (rent notices, the EPC QR code, the SEPA creditor of direct debits)
is encrypted at rest like every IBAN, read back plain by every reader, and rotated with the keys."""

import importlib
from io import StringIO
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from palier.estates.models import Landlord

IBAN = "BE71096123456769"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_iban(landlord) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT iban FROM estates_landlord WHERE id = %s", [landlord.pk])
        return cursor.fetchone()[0]


def test_the_landlords_iban_is_stored_encrypted_and_read_back_plain(landlord):
    assert IBAN not in raw_iban(landlord)
    assert raw_iban(landlord).startswith("gAAAAA")
    assert Landlord.objects.get(pk=landlord.pk).iban == IBAN
    assert Landlord.current().iban == IBAN


def test_the_tenants_rent_page_still_shows_it(client, tenant, tenancy, landlord):
    client.force_login(tenant)
    assert "BE71 0961 2345 6769" in client.get(reverse("portal:rent")).content.decode()


def test_the_direct_debit_file_still_names_it_as_creditor(debit_batch, accountant, landlord):
    from lxml import etree

    from palier.core.acting import Acting
    from palier.rent import direct_debit as debits

    xml = debits.export_batch(acting=Acting(user=accountant), batch=debit_batch)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
    assert etree.fromstring(xml).xpath("//p:CdtrAcct/p:Id/p:IBAN/text()", namespaces=ns) == [IBAN]


def test_rotate_keys_covers_the_landlords_iban(settings, landlord):
    settings.PALIER_ENCRYPTION_KEYS = [OLD_KEY]
    landlord.iban = IBAN
    landlord.save()
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "estates.Landlord.iban: 1 values read, 1 re-encrypted" in out.getvalue()
    assert Fernet(NEW_KEY.encode()).decrypt(raw_iban(landlord).encode()).decode() == IBAN


def test_the_migration_encrypts_the_ibans_already_stored_and_going_back_decrypts_them(landlord):
    migration = importlib.import_module("palier.estates.migrations.0003_landlord_iban_encrypted")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE estates_landlord SET iban = %s WHERE id = %s", [IBAN, landlord.pk])
    editor = SimpleNamespace(connection=connection)
    migration.encrypt_existing(None, editor)
    assert raw_iban(landlord).startswith("gAAAAA")
    assert Landlord.objects.get(pk=landlord.pk).iban == IBAN
    migration.encrypt_existing(None, editor)  # a second pass leaves it alone
    assert Landlord.objects.get(pk=landlord.pk).iban == IBAN
    migration.decrypt_existing(None, editor)
    assert raw_iban(landlord) == IBAN


@pytest.mark.parametrize("stored", ["", None])
def test_an_empty_iban_stays_empty(landlord, stored):
    landlord.iban = stored or ""
    landlord.save()
    assert raw_iban(landlord) == ""
    assert Landlord.objects.get(pk=landlord.pk).iban == ""
