"""The statement file itself: kept encrypted, downloaded again by the accountants (audited, in a
sandbox), purged with the accounts after 10 years; and a malformed file, CODA or camt.053,
refused with its line and the reason, nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.rent.bank.imports import import_statement_file
from palier.rent.bank.original import apply_retention, read_original
from palier.rent.bank.samples import Movement, camt053_file, camt053_statement
from palier.rent.bank.statement import StatementError
from palier.rent.bank_models import BankImport, BankImportFile, BankLine, BankStatement
from palier.rent.models import LedgerEntry

from .bank_helpers import AMINA_OGM, NOV_27, sample, upload


def _written():
    return (LedgerEntry.objects.count(), BankLine.objects.count(), BankImport.objects.count(),
            BankStatement.objects.count(), BankImportFile.objects.count(), AuditEvent.objects.count())


def test_the_file_is_kept_encrypted_and_read_back_exactly(accountant, tenancy):
    content = sample("camt053_v02.xml")
    outcome = upload(accountant, "camt053_v02.xml")
    stored = bytes(BankImportFile.objects.get(bank_import=outcome.bank_import).content)
    assert b"BENALI" not in stored and b"BE71096123456769" not in stored
    assert stored.startswith(b"gAAAAA")  # a Fernet token
    assert read_original(outcome.bank_import) == content


def test_the_accountant_downloads_the_original_file_again_and_it_is_audited(client, accountant, tenancy):
    outcome = upload(accountant, "coda_212.cod")
    client.force_login(accountant)
    page = client.get(reverse("backoffice:bank-import", args=[outcome.bank_import.pk]))
    url = reverse("backoffice:bank-import-file", args=[outcome.bank_import.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == sample("coda_212.cod")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="coda_212.cod"'
    event = AuditEvent.objects.get(action="rent.bank_statement_downloaded")
    assert event.actor_id == accountant.pk


def test_a_manager_may_read_the_import_but_not_download_the_file(client, accountant, manager, tenancy):
    outcome = upload(accountant, "coda_212.cod")
    client.force_login(manager)
    url = reverse("backoffice:bank-import-file", args=[outcome.bank_import.pk])
    assert url not in client.get(reverse("backoffice:bank-import", args=[outcome.bank_import.pk])).content.decode()
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="rent.bank_statement_downloaded").exists()


def test_retention_deletes_the_files_older_than_the_ledger_s_ten_years_and_keeps_the_lines(accountant, tenancy):
    old = upload(accountant, "coda_212.cod").bank_import
    recent = upload(accountant, "camt053_v02.xml").bank_import
    BankImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3700))
    [report] = apply_retention({}, acting=Acting.system(), now=timezone.now())
    assert report["count"] == 1
    assert read_original(old) is None and read_original(recent) is not None
    assert old.lines.exists()


def test_the_retention_run_knows_the_statement_files():
    from palier.privacy.registry import contributors

    assert any(c.name == "rent.bank" and c.retain is apply_retention for c in contributors())


def _camt(count: int) -> bytes:
    movements = [Movement(Decimal("535.50"), NOV_27, name=f"PAYER {i}", iban="BE71096123456769", ogm=AMINA_OGM,
                          reference=f"REF{i:04d}") for i in range(count)]
    return camt053_file([camt053_statement(number=1, opening=Decimal("100.00"), opening_date=NOV_27,
                                           closing_date=NOV_27, movements=movements)])


def test_a_truncated_camt_file_is_refused_with_its_line_and_nothing_is_written(accountant, tenancy):
    content = _camt(30)
    cut = content[:len(content) * 2 // 3]
    before = _written()
    with pytest.raises(StatementError) as refused:
        import_statement_file(acting=Acting(user=accountant), file_name="cut.xml", content=cut)
    assert refused.value.line == cut.count(b"\n") + 1
    assert refused.value.message.startswith(f"Ligne {refused.value.line} : ")
    assert "XML" in refused.value.reason
    assert _written() == before


def test_a_camt_file_cut_after_an_entry_is_refused_by_its_balances(accountant, tenancy):
    content = _camt(3)
    lines = content.split(b"\n")
    entries = [i for i, line in enumerate(lines) if line.startswith(b"<Ntry>")]
    del lines[entries[-1]]  # the last entry lost, the file still well formed
    before = _written()
    with pytest.raises(StatementError) as refused:
        import_statement_file(acting=Acting(user=accountant), file_name="short.xml", content=b"\n".join(lines))
    assert "tronqué" in refused.value.reason
    assert refused.value.line == 7  # the closing balance (CLBD)
    assert _written() == before


def test_a_bad_amount_in_a_camt_entry_names_its_line(accountant, tenancy):
    content = _camt(3).replace(b'<Amt Ccy="EUR">535.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>',
                               b'<Amt Ccy="EUR">53x.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>', 1)
    with pytest.raises(StatementError) as refused:
        import_statement_file(acting=Acting(user=accountant), file_name="bad.xml", content=content)
    assert refused.value.line == 8  # the first entry
    assert "« 53x.50 » n'est pas un montant" in refused.value.message
