"""Session and CSRF cookies carry the `__Host-` prefix over HTTPS, and plain names over http."""

import os
import subprocess
import sys

from django.conf import settings as django_settings


def _cookie_names(https: str) -> list[str]:
    env = {**os.environ, "PALIER_HTTPS": https, "PALIER_SECRET_KEY": "s" * 50, "PALIER_DEBUG": "false"}
    code = "import palier.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=django_settings.BASE_DIR)
    return out.stdout.split()


def test_over_https_both_cookies_are_host_only_and_secure():
    assert _cookie_names("true") == ["__Host-palier-session", "__Host-palier-csrf", "True"]


def test_over_plain_http_the_cookies_keep_names_a_browser_accepts():
    assert _cookie_names("false") == ["palier-session", "palier-csrf", "False"]


def test_signing_in_over_http_sets_the_plain_session_cookie(client, tenant):
    from palier.testing import PASSWORD

    response = client.post("/sign-in/", {"identifier": tenant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "palier-session" in response.cookies
    assert response.cookies["palier-session"]["path"] == "/"
    assert not response.cookies["palier-session"]["domain"]
