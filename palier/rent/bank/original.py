"""The uploaded statement file, kept so that the accountant can download it again: compressed
(zlib: statements compress tenfold), then encrypted at rest with the project's Fernet keys."""

import zlib

from cryptography.fernet import InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from palier.core.crypto import fernet

from ..bank_models import BankImport, BankImportFile

CONTENT_TYPES = {"coda": "text/plain; charset=windows-1252", "camt053": "application/xml"}


def store_original(bank_import: BankImport, content: bytes) -> BankImportFile:
    token = fernet().encrypt(zlib.compress(content, 6))
    return BankImportFile.objects.create(bank_import=bank_import, content=token)


def has_original(bank_import: BankImport) -> bool:
    return BankImportFile.objects.filter(bank_import=bank_import).exists()


def read_original(bank_import: BankImport) -> bytes | None:
    """The file's bytes, exactly as uploaded; None when it is not kept (imported before files were
    kept, or purged by the retention run)."""
    stored = BankImportFile.objects.filter(bank_import=bank_import).values_list("content", flat=True).first()
    if stored is None:
        return None
    try:
        return zlib.decompress(fernet().decrypt(bytes(stored)))
    except InvalidToken as exc:
        raise ImproperlyConfigured("A bank statement file cannot be decrypted with any key of "
                                   "PALIER_ENCRYPTION_KEYS: a key still in use was removed.") from exc


def apply_retention(rules, *, acting, now) -> list[dict]:
    """Delete the statement files older than the ledger's retention (10 years by default)."""
    from palier.privacy.models import Category
    from palier.privacy.services import cutoff

    limit = cutoff(now, rules.get(Category.LEDGER, 120))
    count, _by_model = BankImportFile.objects.filter(bank_import__created_at__lt=limit).delete()
    return [{"category": Category.LEDGER, "what": "bank statement files deleted", "count": count}]


def register_privacy() -> None:
    from palier.privacy.registry import register

    register("rent.bank", title=gettext_lazy("Bank statement files"), retain=apply_retention, order=21)
