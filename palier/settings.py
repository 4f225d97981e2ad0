"""Palier settings. Every value that differs between machines comes from the environment.

Importing this module writes nothing. Outside debug mode a missing secret stops start-up with a
message saying which variable to set. `.env.example` lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

DEBUG = env.bool("PALIER_DEBUG", False)

SECRET_KEY = env.str("PALIER_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PALIER_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set PALIER_DEBUG=true on a development machine."
        )
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

# Encryption at rest (palier.core.crypto): Fernet keys, comma-separated; the first encrypts, all
# decrypt (rotation: put the new key first, run `manage.py rotate_keys`, then drop the old one).
# The lookup key makes the HMAC columns used to find a value (a payer's IBAN) without decrypting.
# On a development machine both are derived from SECRET_KEY when unset.
PALIER_ENCRYPTION_KEYS = env.list("PALIER_ENCRYPTION_KEYS", [])
PALIER_LOOKUP_KEY = env.str("PALIER_LOOKUP_KEY", "")
if not DEBUG and not (PALIER_ENCRYPTION_KEYS and PALIER_LOOKUP_KEY):
    raise ImproperlyConfigured(
        "PALIER_ENCRYPTION_KEYS and PALIER_LOOKUP_KEY must be set outside debug mode. Make an "
        "encryption key with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())' and a lookup key with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(32))'. Keep both secret and "
        "backed up: without them encrypted data cannot be read."
    )

ALLOWED_HOSTS = env.list("PALIER_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("PALIER_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "palier.core",
    "palier.accounts",
    "palier.audit",
    "palier.privacy",
    "palier.documents",
    "palier.estates",
    "palier.tenancies",
    "palier.notifications",
    "palier.mandates",
    "palier.contact",
    "palier.rent",
    "palier.repairs",
    "palier.inclusion",
    "palier.portal",
    "palier.kiosk",
    "palier.backoffice",
    "palier.works",
    "palier.income",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "palier.kiosk.middleware.KioskDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "palier.accounts.middleware.SessionPolicyMiddleware",
    "palier.core.middleware.ActingMiddleware",
    "palier.accounts.middleware.UserLanguageMiddleware",
    "palier.backoffice.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "palier.urls"
WSGI_APPLICATION = "palier.wsgi.application"
ASGI_APPLICATION = "palier.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palier.core.context_processors.palier",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'palier.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache, sessions and background jobs: local by default, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    HUEY = {
        "name": "palier",
        "huey_class": "huey.RedisHuey",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env.int("PALIER_WORKERS", 2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    HUEY = {
        "name": "palier",
        "huey_class": "huey.SqliteHuey",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": env.bool("PALIER_TASKS_IMMEDIATE", False),
        # SQLite has no row locks: one worker only.
        "consumer": {"workers": 1, "worker_type": "thread"},
    }
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}

# Tenants and staff sign in through palier.accounts.services.sign_in (email, phone or tenancy
# number, throttled); the model backend then keeps the session.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    # Common and breached-looking passwords, from a list shipped with Palier (accounts/data).
    {"NAME": "palier.accounts.password_validation.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"

# Sessions (STANDARDS.md): tenant 30 min idle / 12 h, staff 15 min idle, kiosk 3 min idle.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PALIER_IDLE_SECONDS = {"tenant": 30 * 60, "staff": 15 * 60, "kiosk": 3 * 60}
PALIER_KIOSK_WARNING_SECONDS = 30
# Portal and back office: the warning before an idle session ends (WCAG 2.2.1: at least 20 s).
PALIER_SESSION_WARNING_SECONDS = 120

# Second factor (TOTP app or backup codes) for staff, contractors and helpers. Wrong codes are
# throttled by Palier like passwords, so django-otp's own growing delays are switched off.
PALIER_REQUIRE_2FA = env.bool("PALIER_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env.str("PALIER_OTP_ISSUER", "Palier")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling: 5 failures per 30 minutes, keyed on account and address.
PALIER_LOGIN_MAX_FAILURES = 5
PALIER_LOGIN_WINDOW_SECONDS = 30 * 60
PALIER_ACTIVATION_CODE_DAYS = env.int("PALIER_ACTIVATION_CODE_DAYS", 60)
# Persons of the household who may have their own account.
PALIER_MIN_ACCOUNT_AGE = env.int("PALIER_MIN_ACCOUNT_AGE", 18)

# Languages: French first; Dutch, English and German complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "palier" / "locale"]
PALIER_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_IE", "de": "de_BE"}
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("PALIER_TIME_ZONE", "Europe/Brussels")

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("PALIER_STATIC_ROOT", BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("PALIER_MEDIA_ROOT", BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: console in development, SMTP (EMAIL_URL=smtp://user:pass@host:587/?tls=True) in production.
_email = env.dj_email_url("EMAIL_URL", default="console://" if DEBUG else "smtp://localhost:25")
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST") or "localhost",
                "port": _email.get("EMAIL_PORT") or 25,
                "username": _email.get("EMAIL_HOST_USER") or "",
                "password": _email.get("EMAIL_HOST_PASSWORD") or "",
                "use_tls": bool(_email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
DEFAULT_FROM_EMAIL = env.str("PALIER_FROM_EMAIL", "Palier <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: "console" writes messages to var/sms.log (demo); "http" posts to PALIER_SMS_URL.
PALIER_SMS_BACKEND = env.str("PALIER_SMS_BACKEND", "console")
PALIER_SMS_URL = env.str("PALIER_SMS_URL", "")
PALIER_SMS_TOKEN = env.str("PALIER_SMS_TOKEN", "")
PALIER_SMS_LOG = env.path("PALIER_SMS_LOG", VAR_DIR / "sms.log")
# The shared secret the SMS provider signs its delivery reports with (HMAC-SHA256); empty: refused.
PALIER_SMS_WEBHOOK_SECRET = env.str("PALIER_SMS_WEBHOOK_SECRET", "")

# The public address of this deployment, printed on activation letters.
PALIER_BASE_URL = env.str("PALIER_BASE_URL", "http://localhost:8000")

# Passkeys (WebAuthn) as a second factor: bound to the site's host name (the "relying party").
# A passkey made for one host name does not work on another; browsers allow http only on localhost.
_base = urlsplit(PALIER_BASE_URL)
OTP_WEBAUTHN_RP_ID = env.str("PALIER_WEBAUTHN_RP_ID", _base.hostname or "localhost")
OTP_WEBAUTHN_RP_NAME = env.str("PALIER_WEBAUTHN_RP_NAME", "Palier")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("PALIER_WEBAUTHN_ORIGINS", [f"{_base.scheme}://{_base.netloc}"])
# A passkey confirms a sign-in that a password started; it never replaces the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "palier.passkeys"

# Online payment: "sandbox" (built-in test provider, no real money; the demo's) or "mollie".
# Outside debug mode it must be chosen on purpose: a sandbox payment would land on a real balance.
PALIER_PAYMENT_PROVIDER = env.str("PALIER_PAYMENT_PROVIDER", "sandbox" if DEBUG else "")
if PALIER_PAYMENT_PROVIDER not in ("sandbox", "mollie"):
    raise ImproperlyConfigured(
        'Set PALIER_PAYMENT_PROVIDER to "mollie" (with MOLLIE_API_KEY) or, on a test server only, "sandbox".'
    )
MOLLIE_API_KEY = env.str("MOLLIE_API_KEY", "")
if PALIER_PAYMENT_PROVIDER == "mollie" and not MOLLIE_API_KEY:
    raise ImproperlyConfigured("PALIER_PAYMENT_PROVIDER=mollie needs MOLLIE_API_KEY (live_... or test_...).")

# Security headers. Content-Security-Policy with nonces: no inline style or script anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env.bool("PALIER_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Over HTTPS the cookies carry the `__Host-` prefix: the browser then only accepts them when they are
# Secure, set by this very host (no Domain) for the whole site (Path=/), so a sibling subdomain cannot
# plant or overwrite them. Over plain http (tests, the demo) browsers would refuse such cookies.
SESSION_COOKIE_NAME = "__Host-palier-session" if HTTPS else "palier-session"
CSRF_COOKIE_NAME = "__Host-palier-csrf" if HTTPS else "palier-csrf"
SECURE_SSL_REDIRECT = HTTPS and env.bool("PALIER_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("PALIER_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
# How many reverse proxies of ours stand in front of Palier: the client's address is then read from
# X-Forwarded-For (see palier.core.middleware.client_ip). 0: use the connection's address.
PALIER_PROXY_COUNT = env.int("PALIER_PROXY_COUNT", 0)
if env.bool("PALIER_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("PALIER_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                # WeasyPrint tells each step of each page at INFO: a 1,000-letter batch would fill the log.
                "weasyprint.progress": {"level": "WARNING"}},
}

ADMIN_ENABLED = env.bool("PALIER_ADMIN_ENABLED", True)
PALIER_NAME = _("Palier")
