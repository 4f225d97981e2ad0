import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palier.settings")
# The default job queue (SQLite) and the default database live in var/.
(Path(__file__).resolve().parent.parent / "var").mkdir(exist_ok=True)
application = get_wsgi_application()
