"""Sending text messages. A backend is a function `send(to, body)` that raises on failure.

settings.PALIER_SMS_BACKEND chooses it:
- "console": appends each message to settings.PALIER_SMS_LOG (development and demo);
- "memory": keeps messages in `outbox`, like django.core.mail.outbox (tests);
- "http": posts JSON {"to", "body"} to settings.PALIER_SMS_URL with a bearer token and an
  `Idempotency-Key` header (the outbox message's key), so that a provider which received a message
  whose answer was lost drops the second copy. The provider reports delivery (or failure) back
  under that key, signed, to `webhooks.sms_receipt`.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

HTTP_TIMEOUT_SECONDS = 10


class SMSError(Exception):
    pass


@dataclass(frozen=True)
class SentSMS:
    to: str
    body: str


# The "memory" backend's messages, emptied by tests.
outbox: list[SentSMS] = []


def _console(to: str, body: str, key: str = "") -> None:
    path = Path(settings.PALIER_SMS_LOG)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {timezone.now().isoformat()} to {to}\n{body}\n")


def _memory(to: str, body: str, key: str = "") -> None:
    outbox.append(SentSMS(to=to, body=body))


def _http(to: str, body: str, key: str = "") -> None:
    url = settings.PALIER_SMS_URL
    if not url.startswith(("https://", "http://")):
        raise SMSError("PALIER_SMS_URL is not set to an http(s) address.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps({"to": to, "body": body}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.PALIER_SMS_TOKEN}",
                 **({"Idempotency-Key": key} if key else {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310  # http(s) only, checked above
            if not 200 <= response.status < 300:
                raise SMSError(f"SMS provider answered {response.status}")
    except urllib.error.HTTPError as exc:
        raise SMSError(f"SMS provider answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise SMSError(f"SMS provider unreachable: {exc}") from exc


BACKENDS = {"console": _console, "memory": _memory, "http": _http}


def send_sms(to: str, body: str, *, key: str = "") -> None:
    """Send one text message through the configured backend; raises SMSError on failure."""
    try:
        backend = BACKENDS[settings.PALIER_SMS_BACKEND]
    except KeyError:
        raise SMSError(f"Unknown PALIER_SMS_BACKEND {settings.PALIER_SMS_BACKEND!r}") from None
    backend(to, body, key)
