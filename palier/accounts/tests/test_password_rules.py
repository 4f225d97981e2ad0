"""Password rules: 8 characters at least, no forced rotation, and no password from the breach
list shipped with Palier, nor a simple variant of one."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from palier.accounts.password_validation import LIST_PATH, BreachedPasswordValidator


@pytest.mark.parametrize("password", [
    "motdepasse", "Azerty123", "Soleil2024!", "p@ssw0rd", "Bruxelles1", "wachtwoord1", "Passwort2023",
    "M0tdep@sse!", "123456789", "iloveyou", "Anderlecht2025", "Bonjour!",
])
def test_common_and_breached_looking_passwords_are_refused(password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert "password_too_common" in {e.code for e in exc.value.error_list}


@pytest.mark.parametrize("password", [
    "correct horse battery", "blue kettle on the stove", "a-new-home-2026", "Tilleuls et café chaud",
])
def test_long_personal_passwords_are_accepted(password):
    validate_password(password)


def test_a_password_of_seven_characters_is_too_short():
    with pytest.raises(ValidationError) as exc:
        validate_password("k3ttl#z")
    assert "password_too_short" in {e.code for e in exc.value.error_list}


def test_the_refusal_is_explained_in_french():
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        validate_password("Soleil2024!")
    assert "parmi les premiers" in " ".join(exc.value.messages)


def test_the_shipped_list_holds_tens_of_thousands_of_passwords():
    assert LIST_PATH.exists()
    assert 50_000 < len(BreachedPasswordValidator().passwords) < 200_000


def test_no_setting_forces_passwords_to_expire(settings):
    names = " ".join(v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS)
    assert "Expir" not in names and "Age" not in names
    assert not hasattr(settings, "PASSWORD_MAX_AGE")
