"""Messages at the kiosk: the same pages as on the web portal, in the kiosk's layout. Only the
signed-in tenant, or a helper acting for them at the kiosk with the messages scope, writes here."""

from django.shortcuts import redirect
from django.urls import reverse

from palier.mandates.scopes import Scope
from palier.portal import conversation_views as pages
from palier.portal.served import served_person

from .views import _render, kiosk_required

KIOSK_URLS = {"messages": "kiosk:messages", "new": "kiosk:conversation-new", "conversation": "kiosk:conversation",
              "file": "kiosk:conversation-file", "inbox": "kiosk:inbox-message", "appointments": "kiosk:appointments"}


def _kiosk(request):
    def render_page(template, context):
        return _render(request, template, {**context, "base_template": "kiosk/base.html"})

    return render_page


def _tenant(view):
    @kiosk_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:sign-in")
        # The tenant, or whom a helper acts for with the messages scope (else 404).
        person = served_person(request, Scope.MESSAGES)
        return view(request, person, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@_tenant
def message_list(request, person):
    return pages.messages_page(request, person, render_page=_kiosk(request), urls=KIOSK_URLS)


@_tenant
def conversation_new(request, person):
    return pages.start_page(request, person, render_page=_kiosk(request), urls=KIOSK_URLS,
                            done=lambda c: reverse("kiosk:conversation", args=[c.pk]) + "?sent=1")


@_tenant
def conversation(request, person, pk):
    return pages.conversation_page(request, person, pk, render_page=_kiosk(request), urls=KIOSK_URLS,
                                   here=reverse("kiosk:conversation", args=[pk]) + "?sent=1")


@_tenant
def conversation_file(request, person, pk):
    """The file opens in the kiosk's browser, never saved: a PDF is served inline (not as an
    attachment, which would leave it in the shared screen's Downloads), and never cached."""
    response = pages.file_response(pages.get_attachment_for_person(person, pk))
    if response.has_header("Content-Disposition"):
        response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    response["Cache-Control"] = "private, no-store"
    return response


@_tenant
def inbox_message(request, person, pk):
    message = pages.get_inbox_message_for(person, pk)
    pages.outbox.mark_read(acting=request.acting, message=message)
    return _render(request, "portal/contact/inbox_message.html", {
        "message": message, "base_template": "kiosk/base.html", "urls": KIOSK_URLS})
