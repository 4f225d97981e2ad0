"""Encryption at rest and keyed lookup hashes for sensitive values (IBANs, national numbers...).

- ``EncryptedTextField``: the Python value is the plain text; the database holds a Fernet token
  made with the first key of ``PALIER_ENCRYPTION_KEYS``. Every key of the list decrypts, so keys
  rotate without downtime: put the new key first, deploy, run ``manage.py rotate_keys``, then
  drop the old key. An empty value is stored empty (so "has an IBAN" stays a cheap query) and
  ``None`` stays NULL. Encrypted columns cannot be searched or sorted: add a ``lookup_hash``
  column beside the ones you must find by value.
- ``lookup_hash(value, purpose=...)``: HMAC-SHA256 (64 hex characters) with ``PALIER_LOOKUP_KEY``;
  equal inputs give equal hashes, so a payer's IBAN on a bank statement finds the tenancy without
  decrypting every row. The caller normalises the value (``iban_lookup_hash`` does it for IBANs).
  The purpose separates uses, so an IBAN hash cannot be compared with a phone-number hash.

On a development machine (``PALIER_DEBUG=true``) both keys, when unset, are derived from
``SECRET_KEY``; outside debug mode settings refuse to start without them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with the version byte 0x80, "gAAAAA" once base64-encoded. A stored
# value without this prefix is plain text written before the column was encrypted: it is read
# as is and encrypted on the next save or by `rotate_keys`. (Bandit's B105 takes any string
# named *TOKEN* for a password: this one is the public, fixed start of every token.)
TOKEN_PREFIX = "gAAAAA"  # nosec B105


def _derive(label: str) -> bytes:
    return hashlib.sha256(f"palier:{label}:{settings.SECRET_KEY}".encode()).digest()


def encryption_keys() -> tuple[str, ...]:
    """The configured Fernet keys, first one encrypting; derived from SECRET_KEY when unset."""
    keys = tuple(k.strip() for k in getattr(settings, "PALIER_ENCRYPTION_KEYS", ()) or () if k.strip())
    if keys:
        return keys
    if not settings.DEBUG:
        raise ImproperlyConfigured("PALIER_ENCRYPTION_KEYS is not set (see .env.example).")
    return (base64.urlsafe_b64encode(_derive("encryption")).decode(),)


def lookup_key() -> bytes:
    key = getattr(settings, "PALIER_LOOKUP_KEY", "") or ""
    if key:
        return key if isinstance(key, bytes) else key.encode()
    if not settings.DEBUG:
        raise ImproperlyConfigured("PALIER_LOOKUP_KEY is not set (see .env.example).")
    return _derive("lookup")


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "PALIER_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated; make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet_for(encryption_keys())


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    """The plain text of a stored value. Plain text from before encryption is returned as is."""
    if not stored.startswith(TOKEN_PREFIX):
        return stored
    try:
        return fernet().decrypt(stored.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with any key of PALIER_ENCRYPTION_KEYS: "
            "a key still in use was removed from the list."
        ) from exc


def needs_rotation(stored: str | None) -> bool:
    """True when a stored value is plain text or was encrypted with a key other than the first."""
    if not stored:
        return False
    if not stored.startswith(TOKEN_PREFIX):
        return True
    first = Fernet(encryption_keys()[0].encode())
    try:
        first.decrypt(stored.encode())
    except InvalidToken:
        return True
    return False


def rotate(stored: str) -> Ciphertext:
    """The same plain text encrypted with the first key, ready to be written back as is."""
    if not stored.startswith(TOKEN_PREFIX):
        return Ciphertext(encrypt(stored))
    return Ciphertext(fernet().rotate(stored.encode()).decode())


class Ciphertext(str):
    """A token already encrypted (by ``rotate``): saved as is instead of being encrypted again."""


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; see the module docstring. Not searchable."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value):
        if value is None:
            return value
        return str(value)

    def get_prep_value(self, value):
        if isinstance(value, Ciphertext):
            return str(value)
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def lookup_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 hex (64 characters) of an already normalised value, for one purpose."""
    message = purpose.encode() + b"\x00" + value.encode()
    return hmac.new(lookup_key(), message, hashlib.sha256).hexdigest()


def compact_iban(iban: str) -> str:
    return "".join(iban.split()).upper()


def iban_lookup_hash(iban: str) -> str:
    """The lookup hash of an IBAN, whatever its spacing or case (``BE68 5390…`` = ``be685390…``)."""
    return lookup_hash(compact_iban(iban), purpose="iban")
