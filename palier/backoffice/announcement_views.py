"""Announcements: agents and managers write news for the places of their agencies (a manager
also for all tenants), list them and withdraw them. An administrator configures Palier and does
not write to tenants."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palier.accounts.models import Role
from palier.contact import services as contact
from palier.contact.models import Kind, Target
from palier.contact.queries import announcement_reach, announcements_for_staff, get_announcement_for
from palier.core.errors import DomainError
from palier.estates.models import Agency, Building, Entrance, Estate

from .permissions import ANNOUNCEMENTS, nav_for, staff_only

LANGUAGE_NAMES = (("fr", gettext_lazy("French")), ("nl", gettext_lazy("Dutch")), ("en", gettext_lazy("English")),
                  ("de", gettext_lazy("German")))
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, *, required, help_text=""):
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class AnnouncementForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Who is it for?"), choices=Target.choices)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none(), required=False,
                                    help_text=gettext_lazy("When it is for the tenants of one agency."))
    estate = forms.ModelChoiceField(label=gettext_lazy("Estate"), queryset=Estate.objects.none(), required=False,
                                    help_text=gettext_lazy("When it is for the tenants of one estate."))
    building = forms.ModelChoiceField(label=gettext_lazy("Building"), queryset=Building.objects.none(),
                                      required=False, help_text=gettext_lazy("When it is for the tenants of one building."))
    entrance = forms.ModelChoiceField(label=gettext_lazy("Entrance"), queryset=Entrance.objects.none(),
                                      required=False, help_text=gettext_lazy("When it is for the tenants of one entrance."))
    kind = forms.ChoiceField(label=gettext_lazy("What is it about?"), choices=Kind.choices, initial=Kind.NEWS,
                             required=False,
                             help_text=gettext_lazy("Works and outages are also listed on the building page."))
    urgent = forms.BooleanField(
        label=gettext_lazy("Urgent"), required=False,
        help_text=gettext_lazy("Every announcement is sent to each household as each person chose: inbox, "
                               "email, SMS or letter. An urgent one goes at once by email or SMS where it can."),
    )
    publish_at = _datetime_field(gettext_lazy("Shown from"), required=False,
                                 help_text=gettext_lazy("Leave empty to show it now."))
    expires_at = _datetime_field(gettext_lazy("Shown until"), required=False,
                                 help_text=gettext_lazy("Leave empty to show it until it is withdrawn."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in LANGUAGE_NAMES:
            french = code == "fr"
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name}, max_length=120, required=french)
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name}, max_length=2000, required=french,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="" if french else _("Optional. Tenants who read %(language)s get the French text when "
                                              "this is empty.") % {"language": name})
        # Texts first, then where and when.
        order = [f"{part}_{code}" for code, _name in LANGUAGE_NAMES for part in ("title", "body")]
        self.order_fields(order)
        self.fields["agency"].queryset = Agency.objects.filter(staff=user).order_by("name")
        self.fields["estate"].queryset = Estate.objects.filter(agency__staff=user).order_by("name")
        self.fields["building"].queryset = (
            Building.objects.filter(estate__agency__staff=user).select_related("estate").order_by("estate__name", "name")
        )
        self.fields["building"].label_from_instance = lambda b: f"{b.estate.name} – {b.name}"
        self.fields["entrance"].queryset = (
            Entrance.objects.filter(building__estate__agency__staff=user).select_related("building__estate")
            .order_by("building__estate__name", "building__name", "label")
        )
        self.fields["entrance"].label_from_instance = lambda e: f"{e.building.estate.name} – {e.building.name} – {e}"
        if user.role != Role.MANAGER:
            self.fields["target"].choices = [c for c in Target.choices if c[0] != Target.ALL]

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data.get(f"title_{code}", ""), data.get(f"body_{code}", "")) for code, _name in LANGUAGE_NAMES}


@staff_only(ANNOUNCEMENTS)
def announcement_list(request):
    page = Paginator(announcements_for_staff(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/announcements/list.html", {
        "page": page, "nav": nav_for(request.user), "here": "announcements",
    })


@staff_only(ANNOUNCEMENTS)
def announcement_create(request):
    form = AnnouncementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact.publish_announcement(
                acting=request.acting, texts=form.texts(), target=data["target"], agency=data["agency"],
                estate=data["estate"], building=data["building"], entrance=data["entrance"], kind=data["kind"] or Kind.NEWS,
                urgent=data["urgent"],
                publish_at=data["publish_at"], expires_at=data["expires_at"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The announcement is published."))
            return redirect("backoffice:announcement-list")
    return render(request, "backoffice/announcements/form.html", {
        "form": form, "nav": nav_for(request.user), "here": "announcements",
    })


@staff_only(ANNOUNCEMENTS)
@require_POST
def announcement_withdraw(request, pk):
    announcement = get_announcement_for(request.acting, pk)
    contact.withdraw_announcement(acting=request.acting, announcement=announcement)
    messages.success(request, _("The announcement “%(title)s” is withdrawn.") % {"title": announcement.title_fr})
    return redirect("backoffice:announcement-list")


@staff_only(ANNOUNCEMENTS)
def announcement_detail(request, pk):
    """How far an announcement went: messages by channel and outcome, and online readers."""
    announcement = get_announcement_for(request.acting, pk)
    reach = announcement_reach(announcement)
    from palier.notifications.models import Channel

    rows = [{"channel": label, **reach["by_channel"][code]} for code, label in Channel.choices
            if code in reach["by_channel"]]
    return render(request, "backoffice/announcements/detail.html", {
        "announcement": announcement, "rows": rows, "reach": reach, "nav": nav_for(request.user),
        "here": "announcements",
    })
