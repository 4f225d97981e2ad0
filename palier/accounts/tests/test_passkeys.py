"""Passkeys (WebAuthn) confirm the sign-in of staff, contractors and helpers, beside the app and
the backup codes. A software authenticator (an EC P-256 key made here, "none" attestation) plays
the browser's part against the real endpoints and the real signature checks."""

import hashlib
import json
import os

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from palier.accounts.models import LoginFailure
from palier.audit.models import AuditEvent

ORIGIN = "http://localhost:8000"
RP_ID = "localhost"


@pytest.fixture(autouse=True)
def _passkeys(settings):
    settings.PALIER_REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


class SoftwareAuthenticator:
    """Just enough of a FIDO2 authenticator: one key pair, one credential id, a counter."""

    def __init__(self, origin=ORIGIN):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.count = 0
        self.origin = origin

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind, challenge) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}).encode()

    def create(self, options: dict) -> dict:
        client_data = self._client_data("webauthn.create", options["challenge"])
        auth_data = (hashlib.sha256(options["rp"]["id"].encode()).digest() + bytes([0x45]) + (0).to_bytes(4, "big")
                     + bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self._cose_key())
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": bytes_to_base64url(self.credential_id), "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key", "clientExtensionResults": {}, "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": bytes_to_base64url(client_data),
                         "attestationObject": bytes_to_base64url(attestation), "transports": ["internal"]},
        }

    def get(self, options: dict, *, tamper=False) -> dict:
        self.count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = hashlib.sha256(options["rpId"].encode()).digest() + bytes([0x05]) + self.count.to_bytes(4, "big")
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed + (b"x" if tamper else b""), ec.ECDSA(hashes.SHA256()))
        return {
            "id": bytes_to_base64url(self.credential_id), "rawId": bytes_to_base64url(self.credential_id),
            "type": "public-key", "clientExtensionResults": {}, "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": bytes_to_base64url(client_data),
                         "authenticatorData": bytes_to_base64url(auth_data),
                         "signature": bytes_to_base64url(signature), "userHandle": None},
        }


def post_json(client, name, data=None, **query):
    url = reverse(name)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def register(client, authenticator):
    options = post_json(client, "backoffice:passkey-register-begin").json()
    return post_json(client, "backoffice:passkey-register-complete", authenticator.create(options))


def check(client, authenticator, **kw):
    options = post_json(client, "backoffice:passkey-authenticate-begin").json()
    return post_json(client, "backoffice:passkey-authenticate-complete", authenticator.get(options, **kw),
                     next="/staff/tenants/")


def test_an_agent_without_a_second_factor_sets_up_a_passkey_and_gets_backup_codes(client, agent):
    client.force_login(agent)
    options = post_json(client, "backoffice:passkey-register-begin").json()
    assert options["rp"]["id"] == RP_ID
    assert base64url_to_bytes(options["challenge"])
    response = post_json(client, "backoffice:passkey-register-complete", SoftwareAuthenticator().create(options))
    assert response.status_code == 200
    assert WebAuthnCredential.objects.filter(user=agent, confirmed=True).count() == 1
    assert AuditEvent.objects.filter(action="accounts.passkey_added", target_id=str(agent.pk)).exists()
    # The session is confirmed, and the backup codes are shown once.
    assert client.get(reverse("backoffice:home")).status_code == 200
    page = client.get(reverse("backoffice:two-factor-backup-codes")).content.decode()
    assert page.count("<li><code>") == 10


def test_next_sign_in_is_confirmed_with_the_passkey(client, agent):
    authenticator = SoftwareAuthenticator()
    client.force_login(agent)
    register(client, authenticator)
    client.logout()
    client.force_login(agent)
    assert client.get(reverse("backoffice:home"))["Location"].startswith(reverse("backoffice:two-factor-verify"))
    page = client.get(reverse("backoffice:two-factor-verify")).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    response = check(client, authenticator)
    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/staff/tenants/"
    assert client.get(reverse("backoffice:home")).status_code == 200
    event = AuditEvent.objects.filter(action="accounts.second_factor_verified").latest("id")
    assert event.data == {"method": "passkey"}


def test_a_forged_signature_is_refused_counted_and_audited(client, agent):
    authenticator = SoftwareAuthenticator()
    client.force_login(agent)
    register(client, authenticator)
    client.logout()
    client.force_login(agent)
    response = check(client, authenticator, tamper=True)
    assert response.status_code >= 400
    assert client.get(reverse("backoffice:home")).status_code == 302
    assert LoginFailure.objects.filter(account_key=f"2fa:{agent.pk}").count() == 1
    assert AuditEvent.objects.filter(action="accounts.second_factor_failed", data__reason="passkey").exists()


def test_a_passkey_made_for_another_site_is_refused(client, agent):
    client.force_login(agent)
    response = register(client, SoftwareAuthenticator(origin="https://evil.example.org"))
    assert response.status_code >= 400
    assert not WebAuthnCredential.objects.filter(user=agent).exists()


def test_someone_elses_passkey_does_not_confirm_my_sign_in(client, agent, manager):
    theirs = SoftwareAuthenticator()
    client.force_login(manager)
    register(client, theirs)
    client.logout()
    client.force_login(agent)
    mine = SoftwareAuthenticator()
    register(client, mine)
    client.logout()
    client.force_login(agent)
    response = check(client, theirs)
    assert response.status_code >= 400
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_after_too_many_failures_even_a_good_passkey_is_refused(client, agent):
    authenticator = SoftwareAuthenticator()
    client.force_login(agent)
    register(client, authenticator)
    client.logout()
    client.force_login(agent)
    for _ in range(5):
        check(client, authenticator, tamper=True)
    response = post_json(client, "backoffice:passkey-authenticate-begin")
    assert response.status_code == 429
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_adding_a_second_passkey_needs_a_confirmed_sign_in(client, agent):
    client.force_login(agent)
    register(client, SoftwareAuthenticator())
    client.logout()
    client.force_login(agent)
    response = post_json(client, "backoffice:passkey-register-begin")
    assert response.status_code == 403


def test_tenants_have_no_passkey_endpoints(client, tenant):
    client.force_login(tenant)
    assert post_json(client, "backoffice:passkey-register-begin").status_code == 404
    assert post_json(client, "backoffice:passkey-authenticate-begin").status_code == 404


def test_the_passkey_script_words_are_in_french(client, agent):
    client.force_login(agent)
    body = client.get(reverse("backoffice:passkey-i18n")).content.decode()
    assert "Vérifier avec une clé d’accès" in body


def test_an_administrator_reset_removes_passkeys_too(agent, administrator):
    from palier.accounts import second_factor
    from palier.core.acting import Acting

    WebAuthnCredential.objects.create(user=agent, name="x", confirmed=True, credential_id=b"1", public_key=b"k")
    second_factor.reset(acting=Acting(user=administrator), user=agent)
    assert not WebAuthnCredential.objects.filter(user=agent).exists()
