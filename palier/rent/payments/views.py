"""The payment providers' webhook: it carries only a payment id. Palier asks the provider for the
payment's status itself, so a forged call changes nothing; each payment is applied at most once."""

import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .base import ProviderError
from .services import apply_provider_status

logger = logging.getLogger(__name__)


@csrf_exempt  # called by the provider's servers, which hold no CSRF token; it takes only an id
@require_POST
def webhook(request):
    try:
        apply_provider_status(provider_id=request.POST.get("id", ""))
    except ProviderError as exc:
        logger.warning("payment webhook: provider not reached: %s", exc)
        return HttpResponse(status=503)  # the provider tries again later
    # Unknown ids get the same answer as known ones: the caller learns nothing.
    return HttpResponse(status=200)
