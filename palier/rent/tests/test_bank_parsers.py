from decimal import Decimal

import coda
import pytest

from palier.rent.bank import camt
from palier.rent.bank import coda as coda_parser
from palier.rent.bank.samples import CAMT_VERSIONS, Movement, camt053_file, camt053_statement
from palier.rent.bank.statement import StatementError, read_statement_file

from .bank_helpers import AMINA_IBAN, AMINA_OGM, CLOSING_212, FILES, NOV_27, OPENING_212, sample


def test_a_coda_statement_is_read_into_balances_and_lines():
    file_format, [statement] = read_statement_file(sample("coda_212.cod"))
    assert file_format == "coda"
    assert (statement.account_iban, statement.number) == ("BE68539007547034", "212")
    assert (statement.opening_balance, statement.closing_balance) == (OPENING_212, CLOSING_212)
    assert statement.closing_date == NOV_27
    amina, jan, hall, returned, invoice = statement.lines
    assert (amina.amount, amina.structured_reference, amina.counterparty_name, amina.counterparty_iban) == (
        Decimal("535.50"), AMINA_OGM, "BENALI AMINA", AMINA_IBAN)
    assert amina.entry_reference == "CRDT2611270001AB"
    assert jan.free_text == "+++000/2605/67864+++ huur november"
    assert (returned.amount, returned.return_kind, returned.return_code, returned.end_to_end_id) == (
        Decimal("-535.50"), "return", "AM04", "PALIER-DD-2611-0001")
    assert invoice.amount == Decimal("-1250.00")


def test_febelfin_coda_reads_our_sample_files_the_same_way():
    for name in ("coda_212.cod", "coda_212_213.cod"):
        theirs = coda.CODA(str(FILES / name)).statements
        ours = coda_parser.parse(sample(name))
        assert [(s.old_balance, s.new_balance) for s in theirs] == [(s.opening_balance, s.closing_balance) for s in ours]
        assert [[m.amount for m in s.moves] for s in theirs] == [[line.amount for line in s.lines] for s in ours]


@pytest.mark.parametrize("name", ["camt053_v02.xml", "camt053_v08.xml"])
def test_a_camt053_statement_gives_the_same_statement_as_the_coda_one(name):
    file_format, [statement] = read_statement_file(sample(name))
    _, [from_coda] = read_statement_file(sample("coda_212.cod"))
    assert file_format == "camt053"
    assert (statement.account_iban, statement.number, statement.opening_balance, statement.closing_balance) == (
        "BE68539007547034", "212", OPENING_212, CLOSING_212)
    fields = ("amount", "booking_date", "counterparty_name", "counterparty_iban", "structured_reference",
              "free_text", "entry_reference", "end_to_end_id", "return_code")
    assert [[getattr(line, f) for f in fields] for line in statement.lines] == \
        [[getattr(line, f) for f in fields] for line in from_coda.lines]


@pytest.mark.parametrize("version", CAMT_VERSIONS)
def test_every_camt053_version_from_02_to_08_is_read(version):
    movement = Movement(Decimal("12.34"), NOV_27, name="X", iban=AMINA_IBAN, ogm=AMINA_OGM, reference="R1")
    content = camt053_file([camt053_statement(number=1, opening=Decimal("10"), opening_date=NOV_27,
                                              closing_date=NOV_27, movements=[movement], version=version)],
                           version=version)
    [statement] = camt.parse(content)
    assert statement.closing_balance == Decimal("22.34")
    assert (statement.lines[0].counterparty_name, statement.lines[0].structured_reference) == ("X", AMINA_OGM)


def _coda_lines() -> list[str]:
    return sample("coda_212.cod").decode("windows-1252").split("\r\n")


def test_a_bad_amount_in_a_coda_file_is_refused_with_its_line_and_the_reason():
    lines = _coda_lines()
    lines[2] = lines[2][:35] + "12A45" + lines[2][40:]
    with pytest.raises(StatementError) as refused:
        read_statement_file("\r\n".join(lines).encode())
    assert refused.value.line == 3
    assert refused.value.message.startswith("Ligne 3 : champ « montant » : « 0")
    assert refused.value.message.endswith("» n'est pas un montant.")


def test_a_truncated_coda_file_is_refused():
    lines = _coda_lines()
    with pytest.raises(StatementError) as refused:
        read_statement_file("\r\n".join(lines[:8]).encode())
    assert refused.value.message == ("Ligne 9 : le fichier s'arrête avant l'enregistrement final de l'extrait "
                                     "(enregistrement 9) : il est tronqué.")


def test_a_coda_file_whose_totals_do_not_add_up_is_refused_at_the_trailer():
    lines = [line for line in _coda_lines() if line]
    lines[-1] = lines[-1][:22] + "000000000009999" + lines[-1][37:]
    with pytest.raises(StatementError) as refused:
        read_statement_file("\r\n".join(lines).encode())
    assert refused.value.line == len(lines)
    assert "ne correspondent pas aux mouvements" in refused.value.reason


def test_a_camt_entry_with_a_bad_date_is_refused_with_its_line():
    content = sample("camt053_v02.xml").replace(b"<BookgDt><Dt>2026-11-27", b"<BookgDt><Dt>2026-13-27", 1)
    with pytest.raises(StatementError) as refused:
        read_statement_file(content)
    assert refused.value.line == 8
    assert "« 2026-13-27 » n'est pas une date" in refused.value.message


def test_a_camt_file_with_an_entity_declaration_is_refused_for_safety():
    content = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]>'
               b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>')
    with pytest.raises(StatementError, match="refusé par sécurité"):
        read_statement_file(content)


def test_a_file_that_is_neither_coda_nor_camt_is_refused_in_words():
    with pytest.raises(StatementError, match="ni un extrait CODA ni un extrait camt.053"):
        read_statement_file(b"Date;Amount\n2026-11-27;12.00\n")


def test_another_xml_message_is_not_taken_for_a_statement():
    with pytest.raises(StatementError, match="n'est pas un extrait camt.053"):
        read_statement_file(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"/>')


@pytest.mark.parametrize(("language", "start"), [("nl", "Regel 9: "), ("de", "Zeile 9: "), ("en", "Line 9: ")])
def test_the_error_message_is_in_the_accountant_s_language(language, start):
    from django.utils import translation

    lines = _coda_lines()
    with translation.override(language), pytest.raises(StatementError) as refused:
        read_statement_file("\r\n".join(lines[:8]).encode())
    assert refused.value.message.startswith(start)


def test_a_structured_communication_typed_in_free_text_is_recognised():
    from palier.rent.bank.statement import ogm_in_text

    assert ogm_in_text("loyer +++000/2601/23482+++ merci") == AMINA_OGM
    assert ogm_in_text("000260123482") == AMINA_OGM
    assert ogm_in_text("000/2601/23483") == ""  # wrong check digits


def test_the_structured_communication_check_agrees_with_python_stdnum():
    from stdnum.be import ogm_vcs

    from palier.rent.bank.statement import ogm_is_valid

    for base in (0, 1, 97, 2601234, 9_999_999_999, *range(1_234_567_000, 1_234_567_300)):
        for check in range(0, 100, 3):
            digits = f"{base:010d}{check:02d}"
            assert ogm_is_valid(digits) == ogm_vcs.is_valid(digits), digits
        good = f"{base:010d}{base % 97 or 97:02d}"
        assert ogm_is_valid(good) and ogm_vcs.is_valid(good)
    assert not ogm_is_valid("00026012348") and not ogm_is_valid("０００２６０１２３４８２")
