"""Every front end's grid. A new front end adds its module here."""

from .grid_backoffice import BACKOFFICE
from .grid_kiosk import KIOSK
from .grid_portal import PORTAL, SHARED

GRIDS = [PORTAL, KIOSK, BACKOFFICE, SHARED]
