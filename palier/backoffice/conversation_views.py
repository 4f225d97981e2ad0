"""The staff queue of conversations: what waits for an answer (the most overdue first), each
conversation with its thread, internal notes, canned replies in the tenant's language, and the
reply that tells the tenant on their channels."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palier.contact import conversations
from palier.contact.models import ConversationState
from palier.contact.queries import (
    canned_replies_for,
    conversation_queue,
    get_attachment_for_staff,
    get_conversation_for,
)
from palier.core.errors import DomainError
from palier.portal.conversation_views import FilesField, file_response

from .permissions import CALLBACKS, nav_for, staff_only

CONVERSATIONS = CALLBACKS


class ReplyForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    internal = forms.BooleanField(label=gettext_lazy("Internal note: the tenant does not see it"), required=False)
    files = FilesField(label=gettext_lazy("Files (optional)"), required=False)


@staff_only(CONVERSATIONS)
def conversation_list(request):
    mine = request.GET.get("mine") == "1"
    state = request.GET.get("state", ConversationState.WAITING)
    page = Paginator(conversation_queue(request.user, mine=mine, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/contact/conversations.html", {
        "page": page, "mine": mine, "state": state, "states": ConversationState.choices, "now": timezone.now(),
        "nav": nav_for(request.user), "here": "conversations",
    })


@staff_only(CONVERSATIONS)
def conversation_detail(request, pk):
    conversation = get_conversation_for(request.acting, pk)
    canned = list(canned_replies_for(conversation.agency_id))
    language = get_language()
    for reply in canned:
        reply.label = reply.title_in(language)  # the title in the staff member's language
    initial = {}
    chosen = next((c for c in canned if str(c.pk) == request.GET.get("canned")), None)
    if chosen is not None:
        initial["body"] = chosen.body_in(conversation.person.language)
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        internal = form.cleaned_data["internal"]
        try:
            conversations.reply(acting=request.acting.on_behalf_of(conversation.person), conversation=conversation,
                                body=form.cleaned_data["body"], internal=internal,
                                files=request.FILES.getlist("files"))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your note is saved.") if internal else
                             _("Your answer is sent. The tenant is told on their channels."))
            return redirect("backoffice:conversation", pk=conversation.pk)
    thread = list(conversation.messages.prefetch_related("attachments"))
    return render(request, "backoffice/contact/conversation.html", {
        "conversation": conversation, "thread": thread, "form": form, "canned": canned,
        "chosen": chosen, "nav": nav_for(request.user), "here": "conversations",
    })


@staff_only(CONVERSATIONS)
@require_POST
def conversation_close(request, pk):
    conversation = get_conversation_for(request.acting, pk)
    conversations.close_conversation(acting=request.acting.on_behalf_of(conversation.person), conversation=conversation)
    messages.success(request, _("The conversation is closed."))
    return redirect("backoffice:conversation-list")


@staff_only(CONVERSATIONS)
def conversation_file(request, pk):
    return file_response(get_attachment_for_staff(request.acting, pk))
