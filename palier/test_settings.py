"""Settings for the test suite: production settings, with fast password hashing, in-memory jobs
run at once, and mail kept in memory. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os

os.environ.setdefault("PALIER_SECRET_KEY", "tests-only-" + "s" * 50)
os.environ.setdefault("PALIER_HTTPS", "false")
os.environ.setdefault("PALIER_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PALIER_PAYMENT_PROVIDER", "sandbox")
# Fixed, test-only keys for encryption at rest (a valid Fernet key) and lookup hashes.
os.environ.setdefault("PALIER_ENCRYPTION_KEYS", "dGVzdHMtb25seS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=")
os.environ.setdefault("PALIER_LOOKUP_KEY", "tests-only-lookup-key")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES, VAR_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
HUEY = {"name": "palier-tests", "huey_class": "huey.MemoryHuey", "immediate": True}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PALIER_SMS_BACKEND = "memory"
MEDIA_ROOT = VAR_DIR / "test-media"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Tests sign people in with force_login; the second-factor tests turn it on themselves.
PALIER_REQUIRE_2FA = False
