"""The rent revision for the demo: next year's campaign opened in the demo agent's agency, so the
demo tenant is asked for her income documents and the back office has a campaign to follow."""

import datetime as dt

from django.utils import timezone

from palier.accounts.models import Role, User
from palier.core.acting import Acting

from .services import open_campaign


def seed_income() -> int:
    """Returns the number of households asked (0 when the demo agent is missing)."""
    agent = User.objects.filter(username="demo-agent", role=Role.AGENT).first()
    agency = agent.agencies.order_by("pk").first() if agent else None
    if agency is None:
        return 0
    campaign = open_campaign(acting=Acting(user=agent), year=timezone.localdate().year + 1, agency=agency,
                             deadline=timezone.localdate() + dt.timedelta(days=30))
    return campaign.households
