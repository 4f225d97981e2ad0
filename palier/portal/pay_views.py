"""Pay the rent online: choose the amount, go to the payment provider's checkout, come back to a
page that says what happened. The kiosk's QR code opens `pay_link` on the tenant's own phone."""

from decimal import Decimal

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from palier.core.errors import DomainError
from palier.mandates.scopes import Scope
from palier.rent.payment_models import OnlinePayment, OnlinePaymentStatus
from palier.rent.payments import get_provider
from palier.rent.payments.links import read_pay_link
from palier.rent.payments.services import absolute, refresh_online_payment, start_online_payment
from palier.rent.payments.throttle import throttle_pay_link
from palier.rent.queries import balance_of
from palier.rent.transfer import payment_amount
from palier.tenancies.models import Tenancy
from palier.tenancies.queries import current_tenancy_of

from .help import help_contact
from .served import served_person

# Online payments started from a kiosk link on this browser (it may not be signed in).
SESSION_KEY = "palier_pay_links"


class PayForm(forms.Form):
    choice = forms.ChoiceField(label=_("How much do you want to pay?"), widget=forms.RadioSelect,
                               choices=[("due", ""), ("other", "")])
    other = forms.CharField(label=_("Other amount, in euros"), required=False, max_length=12,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def __init__(self, *args, due: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        from palier.core.formats import format_money

        self.fields["choice"].choices = [
            ("due", _("What I owe: %(amount)s") % {"amount": format_money(due)}),
            ("other", _("Another amount")),
        ] if due > 0 else [("other", _("An amount I choose"))]
        if due <= 0:
            self.fields["choice"].initial = "other"

    def clean(self):
        data = super().clean()
        if data.get("choice") == "other" and not (data.get("other") or "").strip():
            self.add_error("other", _("Enter the amount you want to pay."))
        return data


def _acting_for(request, person):
    if request.user.is_authenticated and getattr(person, "user_id", None) == request.user.pk:
        return request.acting
    return request.acting.on_behalf_of(person)


def _tenancy_of(person) -> Tenancy:
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise Http404
    return tenancy


def _due(tenancy) -> Decimal:
    return payment_amount(balance=balance_of(tenancy), monthly_total=tenancy.monthly_total)


@require_http_methods(["GET", "POST"])
def pay(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = served_person(request, Scope.RENT)
    tenancy = _tenancy_of(person)
    due = _due(tenancy)
    form = PayForm(request.POST or None, due=due, initial={"choice": "due" if due > 0 else "other"})
    if request.method == "POST" and form.is_valid():
        amount = due if form.cleaned_data["choice"] == "due" else form.cleaned_data["other"]
        try:
            payment = start_online_payment(acting=_acting_for(request, person), tenancy=tenancy, amount=amount,
                                           person=person, language=get_language())
        except DomainError as exc:
            form.add_error("other" if exc.field == "amount" else None, exc.message)
        else:
            return redirect(payment.checkout_url)
    return render(request, "portal/pay/pay.html", {
        "form": form, "tenancy": tenancy, "due": due, "provider": get_provider(),
        "help": help_contact(request), "nav": "rent",
    })


def pay_return(request, public_id):
    """Where the provider sends the payer back. Asks the provider for the status itself."""
    payment = OnlinePayment.objects.filter(public_id=public_id).select_related("tenancy").first()
    from_link = str(public_id) in request.session.get(SESSION_KEY, [])
    if not from_link:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        person = served_person(request, Scope.RENT)
        if payment is None or payment.tenancy.household_id != person.household_id:
            raise Http404
    elif payment is None:
        raise Http404
    payment = refresh_online_payment(payment=payment)
    return render(request, "portal/pay/return.html", {
        "payment": payment, "paid": payment.status == OnlinePaymentStatus.PAID,
        "waiting": payment.status in (OnlinePaymentStatus.OPEN, OnlinePaymentStatus.PENDING),
        "from_link": from_link, "help": help_contact(request), "nav": "rent",
    })


@require_http_methods(["GET", "POST"])
def pay_link(request, token):
    """Opened on the tenant's phone from the kiosk's QR code: pay what is owed, no sign-in needed
    (the link is signed and lasts 15 minutes). It shows the amount and the landlord, no name."""
    data = read_pay_link(token)
    tenancy = Tenancy.objects.filter(pk=data["t"]).first() if data else None
    if tenancy is None:
        raise Http404
    try:
        throttle_pay_link(acting=request.acting, tenancy=tenancy)
    except DomainError as exc:
        return render(request, "portal/pay/link.html", {
            "tenancy": tenancy, "due": 0, "error": exc.message, "throttled": True, "provider": get_provider(),
            "help": help_contact(request),
        }, status=429)
    due = _due(tenancy)
    error = ""
    if request.method == "POST" and due > 0:
        try:
            payment = start_online_payment(acting=request.acting, tenancy=tenancy, amount=due,
                                           language=get_language())
        except DomainError as exc:
            error = exc.message
        else:
            started = request.session.get(SESSION_KEY, [])[-5:]
            request.session[SESSION_KEY] = [*started, str(payment.public_id)]
            return redirect(payment.checkout_url)
    return render(request, "portal/pay/link.html", {
        "tenancy": tenancy, "due": due, "error": error, "provider": get_provider(),
        "help": help_contact(request),
    })


def pay_link_url(token: str) -> str:
    return absolute(reverse("portal:pay-link", kwargs={"token": token}))
