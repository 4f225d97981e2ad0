"""Every front end's grid. A new front end adds its module here."""

from .grid_backoffice import BACKOFFICE
from .grid_contact import CONTACT
from .grid_debit import DEBIT
from .grid_inclusion import INCLUSION_GRID
from .grid_kiosk import KIOSK
from .grid_portal import PORTAL, SHARED
from .grid_privacy import SECURITY
from .grid_repairs import REPAIRS

GRIDS = [PORTAL, KIOSK, BACKOFFICE, SHARED]
GRIDS.append(INCLUSION_GRID)
GRIDS.append(CONTACT)
GRIDS.append(SECURITY)
GRIDS.append(DEBIT)
GRIDS.append(REPAIRS)
from .grid_mandates import MANDATES  # noqa: E402

GRIDS.append(MANDATES)
from .grid_bank import BANK  # noqa: E402

GRIDS.append(BANK)
from .grid_rentdocs import RENTDOCS  # noqa: E402

GRIDS.append(RENTDOCS)
from .grid_income import INCOME  # noqa: E402

GRIDS.append(INCOME)
from .grid_notifications import NOTIFICATIONS  # noqa: E402

GRIDS.append(NOTIFICATIONS)
