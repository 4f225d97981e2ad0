"""Sensitive values are encrypted at rest, rotate without downtime and can be found by lookup hash."""

import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models

from palier.core import crypto
from palier.core.crypto import EncryptedTextField, iban_lookup_hash, lookup_hash

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def field_value(stored):
    return EncryptedTextField().from_db_value(stored, None, connection)


def stored_value(plain):
    return EncryptedTextField().get_prep_value(plain)


def test_the_database_holds_ciphertext_and_the_program_reads_the_plain_text():
    stored = stored_value("85.07.30-033.61")
    assert "85.07.30" not in stored
    assert stored.startswith("gAAAAA")
    assert field_value(stored) == "85.07.30-033.61"


def test_empty_and_missing_values_stay_empty_and_missing():
    assert stored_value("") == ""
    assert stored_value(None) is None
    assert field_value("") == ""
    assert field_value(None) is None


def test_two_encryptions_of_the_same_value_differ_so_equal_values_cannot_be_spotted():
    assert stored_value("BE68539007547034") != stored_value("BE68539007547034")


def test_plain_text_written_before_encryption_is_still_read(settings):
    assert field_value("85073003361") == "85073003361"
    assert crypto.needs_rotation("85073003361")


def test_after_a_new_key_is_put_first_old_values_still_read_and_rotate_to_the_new_key(settings):
    settings.PALIER_ENCRYPTION_KEYS = [OLD_KEY]
    old = stored_value("BE68539007547034")
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert field_value(old) == "BE68539007547034"
    assert crypto.needs_rotation(old)
    rotated = crypto.rotate(old)
    assert not crypto.needs_rotation(rotated)
    assert stored_value(rotated) == rotated  # written back as is, not encrypted twice
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY]
    assert field_value(rotated) == "BE68539007547034"


def test_a_value_whose_key_was_dropped_too_early_stops_with_a_clear_message(settings):
    settings.PALIER_ENCRYPTION_KEYS = [OLD_KEY]
    old = stored_value("BE68539007547034")
    settings.PALIER_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(ImproperlyConfigured, match="key still in use was removed"):
        field_value(old)


def test_a_malformed_key_is_explained(settings):
    settings.PALIER_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        stored_value("x")


def test_on_a_development_machine_keys_are_derived_from_the_secret_key(settings):
    settings.DEBUG = True
    settings.PALIER_ENCRYPTION_KEYS = []
    settings.PALIER_LOOKUP_KEY = ""
    stored = stored_value("secret")
    assert field_value(stored) == "secret"
    assert lookup_hash("a", purpose="t") == lookup_hash("a", purpose="t")


def test_outside_debug_a_missing_key_is_refused(settings):
    settings.DEBUG = False
    settings.PALIER_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="PALIER_ENCRYPTION_KEYS"):
        stored_value("secret")


def test_lookup_hashes_are_64_hex_characters_stable_and_separated_by_purpose():
    first = lookup_hash("BE68539007547034", purpose="iban")
    assert len(first) == 64 and int(first, 16) >= 0
    assert first == lookup_hash("BE68539007547034", purpose="iban")
    assert first != lookup_hash("BE68539007547034", purpose="phone")


def test_lookup_hashes_depend_on_the_lookup_key(settings):
    first = lookup_hash("BE68539007547034", purpose="iban")
    settings.PALIER_LOOKUP_KEY = "another-key"
    assert lookup_hash("BE68539007547034", purpose="iban") != first


def test_an_iban_has_the_same_lookup_hash_whatever_its_spacing_or_case():
    assert iban_lookup_hash("BE68 5390 0754 7034") == iban_lookup_hash("be68539007547034")
    assert iban_lookup_hash("BE68 5390 0754 7034") == lookup_hash("BE68539007547034", purpose="iban")


def test_production_settings_refuse_to_start_without_encryption_keys():
    env = {"PATH": "/usr/bin:/bin", "PALIER_SECRET_KEY": "s" * 50, "PALIER_DEBUG": "false"}
    result = subprocess.run([sys.executable, "-c", "import palier.settings"], env=env, capture_output=True,
                            text=True, cwd=django_settings.BASE_DIR)
    assert result.returncode != 0
    assert "PALIER_ENCRYPTION_KEYS and PALIER_LOOKUP_KEY must be set" in result.stderr


def test_the_field_is_a_text_field_for_django():
    assert isinstance(EncryptedTextField(), models.TextField)
