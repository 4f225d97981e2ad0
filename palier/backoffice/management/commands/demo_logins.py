"""`manage.py demo_logins --base-url URL`: where to go and what to type to try each role of the demo
landlord built by `manage.py seed_demo`, and a fresh enrolment link for the demo kiosk."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse

from palier.accounts import services as accounts
from palier.accounts.models import CodePurpose, User
from palier.backoffice import demo_data as d
from palier.core.acting import Acting
from palier.estates.models import Kiosk, Landlord
from palier.tenancies.models import Tenancy


def tenancy_number_of(user: User | None) -> str:
    if user is None:
        return "?"
    tenancy = Tenancy.objects.filter(household__persons__user=user).order_by("start_date").first()
    return tenancy.number if tenancy else "?"


def demo_rows() -> list[tuple[str, str, str]]:
    """(who, what to type as identifier, password or PIN) for every demo account that exists."""
    users = {u.username: u for u in User.objects.filter(
        username__in=[d.DEMO_TENANT, d.DEMO_COTENANT, d.DEMO_KIOSK_TENANT, d.DEMO_NEW_TENANT]
        + [s[0] for s in d.DEMO_STAFF])}
    rows = []
    tenant = users.get(d.DEMO_TENANT)
    if tenant:
        rows.append((f"Tenant — {tenant.get_full_name()}", f"{tenant.email}  or  {tenancy_number_of(tenant)}",
                     f"{d.DEMO_PASSWORD}  (kiosk PIN {d.DEMO_PIN})"))
    cotenant = users.get(d.DEMO_COTENANT)
    if cotenant:
        rows.append((f"Co-tenant — {cotenant.get_full_name()}", cotenant.email,
                     f"{d.COTENANT_PASSWORD}  (kiosk PIN {d.COTENANT_PIN})"))
    kiosk_tenant = users.get(d.DEMO_KIOSK_TENANT)
    if kiosk_tenant:
        rows.append((f"Tenant, no email, no phone — {kiosk_tenant.get_full_name()}",
                     f"{tenancy_number_of(kiosk_tenant)}  (on the kiosk)", f"PIN {d.DEMO_PIN}  or  {d.DEMO_PASSWORD}"))
    new_tenant = users.get(d.DEMO_NEW_TENANT)
    if new_tenant:
        rows.append((f"Tenant, not yet activated — {new_tenant.get_full_name()}",
                     f"{tenancy_number_of(new_tenant)}  (at “activate my account”)", activation_hint(new_tenant)))
    labels = {"agent": "Agent (housing officer)", "technician": "Technician", "contractor": "Contractor",
              "accountant": "Accountant", "inclusion_officer": "Inclusion officer", "manager": "Manager",
              "administrator": "Administrator", "helper": "Helper",
              "dpo": "Data-protection officer"}
    for username, role, _first, _last in d.DEMO_STAFF:
        user = users.get(username)
        if user:
            who = f"{labels[role]} — {user.get_full_name()}"
            if user.organisation:
                who += f", {user.organisation}"
            rows.append((who, username, d.DEMO_PASSWORD))
    return rows


def activation_hint(user: User) -> str:
    """A fresh activation code, as if printed on her letter (earlier codes stop working); the
    back office can issue a new letter too."""
    if user.activated_at is not None:
        return "already activated: she signs in with the password she chose"
    issued = accounts.issue_code(acting=Acting.system(), user=user, purpose=CodePurpose.ACTIVATION,
                                 sent_by="letter", valid_for=timedelta(days=settings.PALIER_ACTIVATION_CODE_DAYS))
    return f"activation code {issued.code}"


def enrolment_link(base_url: str) -> str:
    """A fresh one-time enrolment link for the demo kiosk, or a sentence saying why there is none."""
    kiosk = Kiosk.objects.filter(name=d.DEMO_KIOSK_NAME).order_by("pk").first()
    if kiosk is None:
        return "(no demo kiosk in this database)"
    try:
        from palier.estates.kiosks import issue_enrolment
    except ImportError:
        return "(kiosk enrolment is not available in this version)"
    token = issue_enrolment(acting=Acting.system(), kiosk=kiosk)
    try:
        return base_url + reverse("kiosk:enrol", args=[token])
    except NoReverseMatch:
        return "(the kiosk enrolment page is not available in this version)"


class Command(BaseCommand):
    help = "Print the demo's addresses and the demo accounts (role, identifier, password or PIN)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the server answers.")

    def handle(self, *args, base_url, **options):
        base_url = base_url.rstrip("/")
        landlord = Landlord.objects.order_by("pk").first()
        if landlord is None:
            self.stdout.write("No landlord in this database yet: run `manage.py seed_demo` first.")
            return
        kiosk = Kiosk.objects.filter(name=d.DEMO_KIOSK_NAME).select_related("estate", "common_area").first()
        w = self.stdout.write
        w("")
        w(f"Palier demo — {landlord.name} (fictional)")
        w(f"  Tenant portal:  {base_url}{reverse('portal:home')}")
        w(f"  Kiosk:          {base_url}{reverse('kiosk:home')}")
        w(f"  Back office:    {base_url}{reverse('backoffice:home')}")
        w("")
        rows = [("Who", "Type as identifier", "Password / PIN")] + demo_rows()
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for i, row in enumerate(rows):
            w("  " + "  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)).rstrip())
            if i == 0:
                w("  " + "  ".join("-" * width for width in widths))
        w("")
        w(f"Staff sign in at the back office ({base_url}/staff/sign-in/) with the username shown above;")
        w("tenants and helpers at the portal, tenants also on the kiosk. Contractors have no pages yet:")
        w("their work orders arrive with repairs. Every other fictional account uses the password")
        w(f"{d.DEMO_PASSWORD}.")
        if kiosk is not None:
            place = f"{kiosk.common_area.name}, {kiosk.estate.name}" if kiosk.common_area else kiosk.estate.name
            w("")
            w(f"Kiosk “{kiosk.name}” ({place}). Open this one-time link on the kiosk device to enrol it:")
            w(f"  {enrolment_link(base_url)}")
        w("")
