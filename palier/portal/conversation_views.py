"""Messages: the tenant's inbox (what Palier sent them) and their conversations with the agency,
on the web portal and, through the same page functions, on the kiosk. A helper with the messages
scope reads and writes for the tenant they serve."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palier.contact import conversations
from palier.contact.models import Topic
from palier.contact.queries import (
    conversations_of,
    get_attachment_for_person,
    get_conversation_for_person,
    messages_for_tenant,
)
from palier.contact.uploads import MAX_FILES
from palier.core.errors import DomainError
from palier.mandates.scopes import Scope
from palier.notifications import services as outbox
from palier.notifications.queries import get_inbox_message_for, inbox_of

from .help import help_contact
from .served import served_person

INBOX_SHOWN = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(FilesField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class WriteForm(forms.Form):
    body = forms.CharField(label=_("Your message"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    files = FilesField(
        label=_("Photos or documents (optional)"), required=False,
        help_text=_("Up to %(count)s files: photos or PDF, 10 MB each.") % {"count": MAX_FILES},
    )


class StartForm(WriteForm):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices, widget=forms.RadioSelect)
    field_order = ["topic", "body", "files"]


def acting_for(request, person):
    """A helper acts for the tenant; the tenant acts as themself."""
    if request.user == person.user:
        return request.acting
    return request.acting.on_behalf_of(person)


def file_response(attachment):
    """Serve a stored file after the access check: no script can run in it, no type is guessed."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type,
                            as_attachment=attachment.content_type == "application/pdf",
                            filename=f"{attachment.label}.{'pdf' if attachment.content_type == 'application/pdf' else 'jpg'}")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- page functions shared with the kiosk ------------------------------------------------------


def messages_page(request, person, *, render_page, urls):
    inbox = list(inbox_of(person)[:INBOX_SHOWN])
    return render_page("portal/contact/messages.html", {
        "conversations": list(conversations_of(person)[:50]), "inbox": inbox, "urls": urls, "person": person,
    })


def start_page(request, person, *, render_page, urls, done):
    form = StartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = conversations.start_conversation(
                acting=acting_for(request, person), person=person, topic=data["topic"], body=data["body"],
                files=request.FILES.getlist("files"))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return redirect(done(conversation))
    return render_page("portal/contact/conversation_new.html", {"form": form, "urls": urls})


def conversation_page(request, person, pk, *, render_page, urls, here):
    conversation = get_conversation_for_person(person, pk)
    form = WriteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversations.write_again(acting=acting_for(request, person), conversation=conversation,
                                      body=form.cleaned_data["body"], files=request.FILES.getlist("files"))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return redirect(here)
    outbox.mark_topic_read(person=person, topic=f"conversation:{conversation.pk}")
    return render_page("portal/contact/conversation.html", {
        "conversation": conversation, "thread": messages_for_tenant(conversation), "form": form, "urls": urls,
    })


# --- the portal --------------------------------------------------------------------------------

PORTAL_URLS = {"messages": "portal:messages", "new": "portal:conversation-new", "conversation": "portal:conversation",
               "file": "portal:conversation-file", "inbox": "portal:inbox-message", "appointments": "portal:appointments",
               "building": "portal:building"}


def _portal(request):
    def render_page(template, context):
        return render(request, template, {**context, "help": help_contact(request), "nav": "messages",
                                          "base_template": "portal/base.html"})

    return render_page


@login_required
def message_list(request):
    person = served_person(request, Scope.MESSAGES)
    return messages_page(request, person, render_page=_portal(request), urls=PORTAL_URLS)


@login_required
def conversation_new(request):
    person = served_person(request, Scope.MESSAGES)
    return start_page(request, person, render_page=_portal(request), urls=PORTAL_URLS,
                      done=lambda c: reverse("portal:conversation", args=[c.pk]) + "?sent=1")


@login_required
def conversation(request, pk):
    person = served_person(request, Scope.MESSAGES)
    return conversation_page(request, person, pk, render_page=_portal(request), urls=PORTAL_URLS,
                             here=reverse("portal:conversation", args=[pk]) + "?sent=1")


@login_required
def conversation_file(request, pk):
    person = served_person(request, Scope.MESSAGES)
    return file_response(get_attachment_for_person(person, pk))


@login_required
def inbox_message(request, pk):
    person = served_person(request, Scope.MESSAGES)
    message = get_inbox_message_for(person, pk)
    if request.user == person.user:
        outbox.mark_read(acting=request.acting, message=message)
    return render(request, "portal/contact/inbox_message.html", {
        "message": message, "help": help_contact(request), "nav": "messages", "urls": PORTAL_URLS,
    })
