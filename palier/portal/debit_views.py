"""Direct debit and payment plans, for the household (or its helper with the rent scope), on the
web portal and the kiosk: the page functions take `render_page` so both front ends share them.

- my direct debit: what is set up, or how to start;
- sign up (or change the account): holder, IBAN, and the password (PIN at a kiosk) again;
- stop it: one confirmation;
- my payment plan: the plan and its instalments, or a form to ask for one;
- the officer's proposal: one question, yes or no (with a message when no).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palier.accounts import reauth
from palier.accounts.models import Role
from palier.core.errors import DomainError
from palier.estates.models import Landlord
from palier.mandates.scopes import Scope
from palier.rent import arrears
from palier.rent import direct_debit as debits
from palier.rent.arrears_models import PlanState
from palier.tenancies.queries import current_tenancy_of

from .help import help_contact
from .served import served_person


class MandateForm(forms.Form):
    account_holder = forms.CharField(
        label=gettext_lazy("Name of the account holder"), max_length=70,
        help_text=gettext_lazy("As your bank writes it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=gettext_lazy("Account number (IBAN)"), max_length=42,
        help_text=gettext_lazy("For example: BE68 5390 0754 7034."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    agree = forms.BooleanField(
        label=gettext_lazy("I allow the landlord to take my rent from this account each month."),
        error_messages={"required": gettext_lazy("Tick the box to allow the direct debit.")},
    )
    secret = forms.CharField(
        label=gettext_lazy("Your password"), strip=False, max_length=200,
        help_text=gettext_lazy("We ask again, to protect your bank account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, kiosk: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if kiosk:
            self.fields["secret"].label = _("Your PIN")
            self.fields["secret"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class PlanRequestForm(forms.Form):
    monthly = forms.DecimalField(
        label=gettext_lazy("How much can you pay each month, on top of your rent? (€)"), max_digits=9,
        decimal_places=2, localize=True, min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(label=gettext_lazy("Anything you want to tell us (optional)"), max_length=500,
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Do you agree with this plan?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes, I agree")), ("no", gettext_lazy("No, I do not agree"))],
        error_messages={"required": gettext_lazy("Choose yes or no.")},
    )
    message = forms.CharField(label=gettext_lazy("If not, tell us why, or how much you can pay (optional)"),
                              max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _served(request):
    """The person served and their tenancy; 404 when there is none."""
    person = served_person(request, Scope.RENT)
    tenancy = current_tenancy_of(person)
    if tenancy is None:
        raise Http404
    return person, tenancy


def _acting_for(request, person):
    acting = request.acting
    if request.user.role != Role.TENANT and acting.for_person is None:
        acting = acting.on_behalf_of(person)
    return acting


def _error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def debit_page(request, *, render_page, urls: dict):
    person, tenancy = _served(request)
    return render_page("portal/debit/mandate.html", {
        "mandate": debits.active_mandate_of(tenancy), "tenancy": tenancy, "urls": urls,
        "available": bool(Landlord.current().creditor_id), "notice_days": debits.notice_days(),
    })


def sign_up_page(request, *, render_page, urls: dict, kiosk: bool = False):
    person, tenancy = _served(request)
    form = MandateForm(request.POST or None, kiosk=kiosk,
                       initial={"account_holder": person.full_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        acting = _acting_for(request, person)
        try:
            if not kiosk:
                # The account's own password, checked, throttled and audited like a sign-in.
                reauth.confirm_identity(request, acting=acting, secret=data["secret"])
            debits.sign_mandate(acting=acting, tenancy=tenancy, account_holder=data["account_holder"],
                                iban=data["iban"], secret=data["secret"], signatory=person, reauthenticated=not kiosk)
        except DomainError as exc:
            _error(form, exc)
        else:
            reauth.forget(request)
            messages.success(request, _("Your direct debit is set up. We will tell you before each debit."))
            return redirect(urls["debit"])
    return render_page("portal/debit/sign_up.html", {
        "form": form, "urls": urls, "replacing": debits.active_mandate_of(tenancy),
        "landlord": Landlord.current(),
    })


def cancel_page(request, *, render_page, urls: dict):
    person, tenancy = _served(request)
    mandate = debits.active_mandate_of(tenancy)
    if mandate is None:
        return redirect(urls["debit"])
    if request.method == "POST":
        debits.cancel_mandate(acting=_acting_for(request, person), mandate=mandate, person=person)
        messages.success(request, _("Your direct debit is stopped. Please pay by transfer from now on."))
        return redirect(urls["debit"])
    return render_page("portal/debit/cancel.html", {"mandate": mandate, "urls": urls})


def plan_page(request, *, render_page, urls: dict):
    person, tenancy = _served(request)
    plan = arrears.plan_to_show(tenancy)
    owed = arrears.owed_by(tenancy)
    form = None
    if plan is None and owed > 0:
        form = PlanRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                arrears.request_plan(acting=_acting_for(request, person), tenancy=tenancy, person=person,
                                     monthly=form.cleaned_data["monthly"], note=form.cleaned_data["note"])
            except DomainError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Thank you. Your housing officer will call you about your plan."))
                return redirect(urls["plan"])
    return render_page("portal/debit/plan.html", {"plan": plan, "owed": owed, "form": form, "urls": urls,
                                                  "answer_url": _answer_url(plan, urls)})


def _answer_url(plan, urls: dict) -> str:
    if plan is None or plan.state != PlanState.PROPOSED:
        return ""
    return reverse(urls["answer_name"], kwargs={"pk": plan.pk})


def plan_answer_page(request, pk, *, render_page, urls: dict):
    """The household says yes or no to the plan its officer proposed. Another household's plan is
    a 404; a plan already answered (or no longer proposed) sends back to the plan page."""
    person, tenancy = _served(request)
    plan = arrears.get_household_plan(tenancy, pk)
    if plan.state != PlanState.PROPOSED:
        return redirect(urls["plan"])
    form = PlanAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "yes"
        try:
            arrears.answer_plan(acting=_acting_for(request, person), plan=plan, person=person, accept=accept,
                                message=form.cleaned_data["message"])
        except DomainError as exc:
            _error(form, exc)
        else:
            if accept:
                messages.success(request, _("Thank you. Your payment plan starts now."))
            else:
                messages.success(request, _("Thank you. We told your housing officer. They will call you."))
            return redirect(urls["plan"])
    return render_page("portal/debit/plan_answer.html", {"plan": plan, "form": form, "urls": urls})


# --- the web portal ------------------------------------------------------------------------------


def _portal_urls() -> dict:
    return {"debit": reverse("portal:debit"), "sign_up": reverse("portal:debit-sign-up"),
            "cancel": reverse("portal:debit-cancel"), "plan": reverse("portal:payment-plan"),
            "answer_name": "portal:payment-plan-answer", "back": reverse("portal:rent")}


def _portal_render(request):
    def render_page(template, context):
        return render(request, template, {**context, "help": help_contact(request), "nav": "rent",
                                          "base_template": "portal/base.html"})

    return render_page


@login_required
def debit(request):
    return debit_page(request, render_page=_portal_render(request), urls=_portal_urls())


@login_required
def debit_sign_up(request):
    return sign_up_page(request, render_page=_portal_render(request), urls=_portal_urls())


@login_required
def debit_cancel(request):
    return cancel_page(request, render_page=_portal_render(request), urls=_portal_urls())


@login_required
def payment_plan(request):
    return plan_page(request, render_page=_portal_render(request), urls=_portal_urls())


@login_required
def payment_plan_answer(request, pk):
    return plan_answer_page(request, pk, render_page=_portal_render(request), urls=_portal_urls())


def rent_page_extras(tenancy) -> dict:
    """What the rent page shows about direct debit and payment plans: one query, and two more only
    when the household has a payment plan (the rent page keeps to its query budget)."""
    from django.db.models import OuterRef, Subquery

    from palier.rent.arrears_models import OPEN_PLAN_STATES, PaymentPlan
    from palier.rent.debit_models import Mandate, MandateState
    from palier.tenancies.models import Tenancy

    found = Tenancy.objects.filter(pk=tenancy.pk).annotate(
        debit_last4=Subquery(Mandate.objects.filter(tenancy=OuterRef("pk"), state=MandateState.ACTIVE)
                             .values("iban_last4")[:1]),
        plan_id=Subquery(PaymentPlan.objects.filter(tenancy=OuterRef("pk"), state__in=OPEN_PLAN_STATES)
                         .values("pk")[:1]),
    ).values("debit_last4", "plan_id").first() or {}
    plan = arrears.plan_to_show(tenancy) if found.get("plan_id") else None
    last4 = found.get("debit_last4")
    return {"debit_account": f"•••• {last4}" if last4 else "", "payment_plan": plan,
            "payment_plan_answer_url": _answer_url(plan, _portal_urls())}
