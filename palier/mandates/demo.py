"""The demo's helper mandate: Joseph Mbuyi, 79, who has no internet at home, lets Sophie Laurent
(the demo helper, from a partner association) see his rent, ask for call-backs and book workshops
for him, for six months. He accepted at the kiosk of his common room."""

from palier.accounts.models import Role, User
from palier.core.acting import Acting, Channel
from palier.tenancies.models import Person

from .models import Consent
from .services import grant_mandate

DEMO_HELPER = "demo-helper"
DEMO_TENANT = "demo-kiosk-tenant"


def seed_mandates() -> int:
    """Returns the number of mandates written (0 when the demo accounts are missing)."""
    helper = User.objects.filter(username=DEMO_HELPER, role=Role.HELPER).first()
    person = Person.objects.filter(user__username=DEMO_TENANT).select_related("user").first()
    if helper is None or person is None:
        return 0
    grant_mandate(acting=Acting(user=person.user, channel=Channel.KIOSK), tenant=person, helper=helper,
                  scopes=["rent", "messages", "workshops"], duration="six_months", consent=Consent.KIOSK)
    return 1
