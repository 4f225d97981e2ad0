"""Delivery reports from the text message provider (the generic HTTP adapter, `sms.py`).

The provider POSTs one report per message to /notifications/sms/receipts/:

    {"id": "<the Idempotency-Key Palier sent the message with>", "status": "delivered" | "failed",
     "error": "<optional reason>"}

with the header `X-Palier-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with
PALIER_SMS_WEBHOOK_SECRET>`. The answers:

- 200: applied, or already known (a report sent twice changes nothing);
- 400: not such a report; 403: no secret configured, or a missing or wrong signature;
- 404: no text message with this id; 409: the message is still being sent (report again later);
- 405: not a POST; 413: a body over MAX_BODY_BYTES; 429: over RATE_LIMIT reports a minute from
  one address.

The endpoint is exempt from CSRF (the provider's servers hold no token): the signature is what
authenticates a report, checked in constant time before the body is read as JSON.
"""

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from palier.core.middleware import client_ip

from .services import Receipt, apply_sms_receipt

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Palier-Signature"
MAX_BODY_BYTES = 4096
# Reports accepted per minute from one address: far above a provider's pace for Palier's volumes,
# low enough to make guessing ids pointless.
RATE_LIMIT = 600
STATUSES = {"delivered": True, "failed": False}


def signature(body: bytes, secret: str) -> str:
    """The header value a provider sends for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _over_rate(request) -> bool:
    key = f"notifications:sms-receipts:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        return False


def _answer(status: int, result: str) -> JsonResponse:
    return JsonResponse({"result": result}, status=status)


@csrf_exempt  # called by the provider's servers, which hold no CSRF token; the HMAC signature authenticates it
@require_POST
def sms_receipt(request):
    if _over_rate(request):
        return _answer(429, "slow_down")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _answer(400, "bad_request")
    if length > MAX_BODY_BYTES:
        return _answer(413, "too_large")
    body = request.body  # at most MAX_BODY_BYTES: the server reads no further than Content-Length
    if len(body) > MAX_BODY_BYTES:
        return _answer(413, "too_large")
    secret = settings.PALIER_SMS_WEBHOOK_SECRET
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not hmac.compare_digest(given.encode(), signature(body, secret).encode()):
        logger.warning("SMS receipt refused: bad signature from %s", client_ip(request))
        return _answer(403, "bad_signature")
    try:
        report = json.loads(body)
        key, delivered = str(report["id"]), STATUSES[report["status"]]
        error = str(report.get("error") or "")[:500]
    except (ValueError, KeyError, TypeError):
        return _answer(400, "bad_request")
    if not key or len(key) > 100:
        return _answer(400, "bad_request")
    result = apply_sms_receipt(key=key, delivered=delivered, error=error)
    status = {Receipt.UNKNOWN: 404, Receipt.TOO_EARLY: 409}.get(result, 200)
    return _answer(status, result)
