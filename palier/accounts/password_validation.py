"""Password rules (STANDARDS.md, NIST SP 800-63B): at least 8 characters, no forced rotation, no
composition rules, and no password found in breach lists or built like one.

The list shipped in `data/common-passwords.txt.gz` is made by `password_list.py`. Besides an
exact match (case ignored), a password is refused when, once common letter-for-digit swaps are
undone (``p@ssw0rd``) and the digits and signs around it are removed (``Soleil2024!``), what
is left is a listed password: attackers try these variants first.
"""

import gzip
import re
from functools import cached_property
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t",
                       "€": "e", "|": "l"})
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class BreachedPasswordValidator:
    """Refuses common passwords and simple variants of them (see the module docstring)."""

    def __init__(self, password_list_path=LIST_PATH):
        self.path = Path(password_list_path)

    @cached_property
    def passwords(self) -> frozenset[str]:
        with gzip.open(self.path, "rt", encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip())

    def variants(self, password: str) -> set[str]:
        plain = password.strip().lower()
        squeezed = re.sub(r"[\s._-]+", "", plain)
        found = {plain, squeezed}
        for base in (plain, squeezed):
            for text in (base, _AROUND.sub("", base)):
                for form in (text, text.translate(_LEET)):
                    found.add(form)
                    core = _AROUND.sub("", form)
                    if len(core) >= 4:
                        found.add(core)
        return found

    def is_common(self, password: str) -> bool:
        return any(v in self.passwords for v in self.variants(password))

    def validate(self, password, user=None):
        if self.is_common(password):
            raise ValidationError(
                _("This password is one of the first that attackers try. Choose another one, for "
                  "example three or four words you will remember."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Your password cannot be a common one, nor a common one with digits added.")
