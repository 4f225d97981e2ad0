"""Sample statements for the bank tests: the files under files/ and variations made with
palier.rent.bank.samples. Amina's tenancy (2601234) has the structured communication
+++000/2601/23482+++, Jan's (2605678) +++000/2605/67864+++."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from palier.core.acting import Acting
from palier.rent.bank.imports import import_statement_file

FILES = Path(__file__).parent / "files"
AMINA_OGM = "000260123482"
JAN_OGM = "000260567864"
AMINA_IBAN = "BE71096123456769"
JAN_IBAN = "BE43068999999501"
NOV_27 = dt.date(2026, 11, 27)
OPENING_212 = Decimal("48210.35")
CLOSING_212 = Decimal("47615.85")


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


def upload(user, name: str, content: bytes | None = None):
    return import_statement_file(acting=Acting(user=user), file_name=name,
                                 content=sample(name) if content is None else content)
