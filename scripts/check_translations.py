"""Fails when a string of the code is not in the catalogues, or a French, Dutch or German string
is missing, fuzzy or not compiled.

English is the language of the source strings, so its catalogue needs no translations.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "palier" / "locale"
MSGID = re.compile(r'^(msgctxt|msgid) "(.*)"$|^"(.*)"$')


def msgids(po: Path) -> set[tuple[str, str]]:
    """The (context, msgid) pairs of a catalogue, without the header."""
    found, ctx, key, parts = set(), "", None, []
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        match = MSGID.match(line)
        if match and match.group(1):
            if key == "msgid" and parts != [""]:
                found.add((ctx, "".join(parts)))
                ctx = ""
            if key == "msgctxt" and match.group(1) == "msgid":
                ctx = "".join(parts)
            key, parts = match.group(1), [match.group(2)]
        elif match and key:
            parts.append(match.group(3))
        else:
            if key == "msgid" and "".join(parts):
                found.add((ctx, "".join(parts)))
            if key == "msgid":
                ctx = ""
            key, parts = None, []
    return found


def extracted() -> set[tuple[str, str]]:
    """What `make messages` would extract from the code now, without touching the tree."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "palier"
        shutil.copytree(ROOT / "palier", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
        env = {**os.environ, "PALIER_DEBUG": "true", "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "fr", "--no-location"],
                       cwd=copy, env=env, check=True, capture_output=True)
        return msgids(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")


problems = []
missing = extracted() - msgids(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
if missing:
    problems.append(f"{len(missing)} strings of the code are not in the catalogues (run 'make messages', then "
                    f"translate them), for example: " + "; ".join(sorted(m for _, m in missing)[:5]))
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
