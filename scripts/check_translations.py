"""Fails when a French, Dutch or German string is missing, fuzzy or not compiled.

English is the language of the source strings, so its catalogue needs no translations.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "palier" / "locale"
problems = []
for language in ("fr", "nl", "de", "en"):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not po.exists():
        problems.append(f"{po} is missing")
        continue
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    stats = result.stderr.strip()
    if result.returncode != 0:
        problems.append(f"{po}: {stats}")
    elif language != "en" and ("untranslated" in stats or "fuzzy" in stats):
        problems.append(f"{language}: {stats}")
    with tempfile.NamedTemporaryFile(suffix=".mo") as fresh:
        subprocess.run(["msgfmt", "-o", fresh.name, str(po)], check=False, capture_output=True)
        if not mo.exists() or Path(fresh.name).read_bytes() != mo.read_bytes():
            problems.append(f"{mo} is not compiled from the current {po.name}: run 'make messages'")
if problems:
    print("Translations are not complete:")
    print("\n".join(f"- {p}" for p in problems))
    sys.exit(1)
print("Translations complete and compiled for fr, nl, de, en.")
