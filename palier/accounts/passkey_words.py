"""The words django-otp-webauthn's scripts show (it ships no French catalogue). Listed here so
`makemessages` puts them in Palier's catalogue; `backoffice:passkey-i18n` serves them."""

from django.utils.translation import gettext_noop

WORDS = [
    gettext_noop("An error occurred during verification."),
    gettext_noop("Finishing verification..."),
    gettext_noop("Verification aborted."),
    gettext_noop("Verification canceled or not allowed."),
    gettext_noop("Verification failed. A server error occurred."),
    gettext_noop("Verification failed. An unknown error occurred."),
    gettext_noop("Verification failed. An unknown server error occurred."),
    gettext_noop("Verification failed. Could not retrieve parameters from the server."),
    gettext_noop("Verification successful!"),
    gettext_noop("Verify with Passkey"),
    gettext_noop("Verifying..."),
    gettext_noop("An error occurred during registration."),
    gettext_noop("Finishing registration..."),
    gettext_noop("Register a Passkey"),
    gettext_noop("Registering..."),
    gettext_noop("Registration aborted or not allowed."),
    gettext_noop("Registration aborted."),
    gettext_noop("Registration failed. A server error occurred."),
    gettext_noop("Registration failed. A technical problem occurred that prevents you from registering a Passkey "
                 "for this site."),
    gettext_noop("Registration failed. An unknown error occurred."),
    gettext_noop("Registration failed. The server was unable to verify this passkey."),
    gettext_noop("Registration failed. Unable to fetch registration options from server."),
    gettext_noop("Registration failed. You most likely already have a Passkey registered for this site."),
    gettext_noop("Registration successful!"),
]
