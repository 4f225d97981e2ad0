"""Deliveries: staff follow what became of the messages sent to their agencies' tenants (queued,
sent, delivered, failed, with the reason), send a failed one again, and download the daily
letters for the print room."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.audit.services import record
from palier.notifications import services as outbox
from palier.notifications.models import Channel, State
from palier.notifications.queries import (
    batches_for,
    get_batch_for,
    get_message_for_staff,
    messages_for_staff,
    state_counts,
)

from .permissions import CALLBACKS, nav_for, staff_only

DELIVERIES = CALLBACKS


@staff_only(DELIVERIES)
def delivery_list(request):
    state = request.GET.get("state", State.FAILED)
    channel = request.GET.get("channel", "")
    shown = messages_for_staff(request.user, state=state, channel=channel)
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    counts = state_counts(messages_for_staff(request.user))
    table = [
        {"channel": label, "cells": [counts.get((code, s), 0) for s in State.values]}
        for code, label in Channel.choices
    ]
    return render(request, "backoffice/contact/deliveries.html", {
        "page": page, "table": table, "states": State.choices, "channels": Channel.choices, "state": state,
        "channel": channel, "batches": list(batches_for(request.user)[:10]), "nav": nav_for(request.user),
        "here": "deliveries",
    })


@staff_only(DELIVERIES)
@require_POST
def delivery_retry(request, pk):
    message = get_message_for_staff(request.acting, pk)
    if outbox.retry_message(acting=request.acting, message=message):
        messages.success(request, _("The message is sent again."))
    else:
        messages.error(request, _("Only a failed email or SMS can be sent again."))
    return redirect("backoffice:delivery-list")


@staff_only(DELIVERIES)
def letter_batch(request, pk):
    batch = get_batch_for(request.acting, pk)
    if not batch.file:
        raise Http404
    record(request.acting, "notifications.letters_downloaded", target=batch)
    response = FileResponse(batch.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"letters-{batch.day:%Y-%m-%d}-{batch.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
