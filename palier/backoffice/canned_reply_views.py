"""Ready-made answers: a manager lists, adds, changes, retires and offers again the answers their
agents start from when they reply to a tenant, each written in French (required), Dutch, English
and German, for one of their agencies or for all."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.contact import canned
from palier.contact.queries import canned_replies_to_manage, get_canned_reply_for
from palier.core.errors import DomainError, StaleEdit
from palier.estates.models import Agency

from .announcement_views import LANGUAGE_NAMES
from .permissions import CANNED_REPLIES, nav_for, staff_only


class CannedReplyForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("For"), queryset=Agency.objects.none(), required=False,
                                    empty_label=gettext_lazy("All agencies"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in LANGUAGE_NAMES:
            french = code == "fr"
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name}, max_length=canned.MAX_TITLE, required=french)
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name}, max_length=canned.MAX_TEXT, required=french,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text="" if french else _("Optional. Tenants who read %(language)s get the French text when "
                                              "this is empty.") % {"language": name})
        self.order_fields([f"{part}_{code}" for code, _name in LANGUAGE_NAMES for part in ("title", "body")])
        self.fields["agency"].queryset = Agency.objects.filter(staff=user).order_by("name")

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data.get(f"title_{code}", ""), data.get(f"body_{code}", "")) for code, _name in LANGUAGE_NAMES}


def _render_form(request, form, reply=None):
    return render(request, "backoffice/contact/canned_reply_form.html", {
        "form": form, "reply": reply, "nav": nav_for(request.user), "here": "conversations",
    })


def _initial(reply) -> dict:
    initial = {"agency": reply.agency_id, "version": reply.version}
    for code, _name in LANGUAGE_NAMES:
        initial[f"title_{code}"] = getattr(reply, f"title_{code}")
        initial[f"body_{code}"] = getattr(reply, f"body_{code}")
    return initial


@staff_only(CANNED_REPLIES)
def canned_reply_list(request):
    page = Paginator(canned_replies_to_manage(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/contact/canned_replies.html", {
        "page": page, "nav": nav_for(request.user), "here": "conversations",
    })


@staff_only(CANNED_REPLIES)
def canned_reply_create(request):
    form = CannedReplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            canned.add_canned_reply(acting=request.acting, texts=form.texts(), agency=form.cleaned_data["agency"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The ready-made answer is added. Agents can use it now."))
            return redirect("backoffice:canned-reply-list")
    return _render_form(request, form)


@staff_only(CANNED_REPLIES)
def canned_reply_edit(request, pk):
    reply = get_canned_reply_for(request.acting, pk)
    form = CannedReplyForm(request.POST or None, user=request.user, initial=_initial(reply))
    if request.method == "POST" and form.is_valid():
        try:
            canned.change_canned_reply(acting=request.acting, reply=reply, texts=form.texts(),
                                       agency=form.cleaned_data["agency"],
                                       expected_version=form.cleaned_data["version"] or 0)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            reply = get_canned_reply_for(request.acting, pk)
            form = CannedReplyForm(user=request.user, initial=_initial(reply))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The ready-made answer is changed."))
            return redirect("backoffice:canned-reply-list")
    return _render_form(request, form, reply)


@staff_only(CANNED_REPLIES)
@require_POST
def canned_reply_retire(request, pk):
    reply = get_canned_reply_for(request.acting, pk)
    retire = request.POST.get("retire") != "0"
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        canned.retire_canned_reply(acting=request.acting, reply=reply, expected_version=version, retire=retire)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The ready-made answer is no longer offered.") if retire
                         else _("The ready-made answer is offered again."))
    return redirect("backoffice:canned-reply-list")
