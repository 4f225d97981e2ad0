"""Income documents at the kiosk: the portal's pages in the kiosk's layout. The file field opens
the kiosk's camera (or scanner) where it has one; each page says paper can be brought to the office."""

from django.views.decorators.http import require_POST

from palier.portal import income_views as shared

from .fronts import on_kiosk

income_overview = on_kiosk(shared.overview_page)
income_add = on_kiosk(shared.add_page)
income_hand_in = on_kiosk(shared.hand_in_page)
income_remove = require_POST(on_kiosk(shared.remove_action))
