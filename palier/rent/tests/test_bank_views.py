import datetime as dt
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palier.audit.models import AuditEvent
from palier.core.acting import Acting
from palier.rent.bank_models import BankImport, BankLine, LineState
from palier.rent.queries import balance_of
from palier.rent.services import charge_rent

from .bank_helpers import sample, upload


def text(response):
    return html.unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def charged(tenancy, neighbour_tenancy, tenant_person, neighbour_person):
    charge_rent(acting=Acting.system(), period=dt.date(2026, 12, 1))
    return tenancy, neighbour_tenancy


@pytest.fixture
def as_accountant(client, accountant):
    client.force_login(accountant)
    return client


def _send(client, name, content=None):
    content = sample(name) if content is None else content
    return client.post(reverse("backoffice:bank-imports"), {"file": SimpleUploadedFile(name, content)})


def test_the_accountant_uploads_a_coda_file_and_sees_what_became_of_each_line(as_accountant, charged):
    response = _send(as_accountant, "coda_212.cod")
    bank_import = BankImport.objects.get()
    assert response["Location"] == reverse("backoffice:bank-import", args=[bank_import.pk])
    page = text(as_accountant.get(response["Location"]))
    assert ("Extrait importé : 5 lignes, 2 affectées, 2 à examiner, 1 hors loyer, 0 doublons.") in page
    assert "BENALI AMINA" in page and "+++000/2601/23482+++" in page
    assert "Affectée par sa communication structurée" in page
    assert "2601234 – Benali: 535,50 €" in page
    assert balance_of(charged[0]) == Decimal("0.00")


def test_uploading_the_same_file_again_says_nothing_changed(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    response = _send(as_accountant, "coda_212.cod")
    assert "Ce fichier était déjà importé ; rien n'a changé." in text(as_accountant.get(response["Location"]))
    assert BankImport.objects.count() == 1


def test_a_malformed_file_is_shown_with_its_line_and_reason_and_nothing_is_imported(as_accountant, charged):
    lines = sample("coda_212.cod").decode("windows-1252").split("\r\n")
    response = _send(as_accountant, "bad.cod", "\r\n".join(lines[:8]).encode())
    assert response.status_code == 200
    page = text(response)
    assert 'class="error-summary"' in page
    assert ("Ligne 9 : le fichier s'arrête avant l'enregistrement final de l'extrait (enregistrement 9) : "
            "il est tronqué.") in page
    assert not BankImport.objects.exists()


def test_the_import_list_counts_the_lines_of_each_import(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    page = text(as_accountant.get(reverse("backoffice:bank-imports")))
    assert "coda_212.cod" in page and "Claire Dubois" in page


def test_the_review_queue_lists_the_lines_waiting_for_a_decision(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    page = text(as_accountant.get(reverse("backoffice:bank-review")))
    assert "2 lignes attendent une décision" in page
    assert "ASBL LES AMIS DU QUARTIER" in page and "BENALI AMINA" in page
    assert "ELECTRO SERVICES" not in page


def test_the_accountant_finds_the_tenancy_and_books_the_line_by_hand(as_accountant, accountant, charged):
    amina, _ = charged
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    page = text(as_accountant.get(reverse("backoffice:bank-line", args=[hall.pk]), {"q": "Peeters"}))
    assert "2605678 – Peeters" in page
    response = as_accountant.post(reverse("backoffice:bank-line-match", args=[hall.pk]),
                                  {"tenancy": charged[1].pk, "version": hall.version})
    assert response["Location"] == reverse("backoffice:bank-review")
    assert balance_of(charged[1]) == Decimal("-120.00")
    assert "Le paiement est comptabilisé sur le bail 2605678 (Peeters)." in text(as_accountant.get(response["Location"]))


def test_a_search_by_structured_communication_finds_the_tenancy(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    page = text(as_accountant.get(reverse("backoffice:bank-line", args=[hall.pk]), {"q": "+++000/2601/23482+++"}))
    assert "2601234 – Benali" in page


def test_a_second_accountant_deciding_the_same_line_is_told_someone_else_did(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    version = hall.version
    as_accountant.post(reverse("backoffice:bank-line-match", args=[hall.pk]),
                       {"tenancy": charged[1].pk, "version": version})
    response = as_accountant.post(reverse("backoffice:bank-line-match", args=[hall.pk]),
                                  {"tenancy": charged[0].pk, "version": version})
    page = text(as_accountant.get(response["Location"]))
    assert "Quelqu'un d'autre a modifié cette ligne" in page
    assert balance_of(charged[0]) == Decimal("0.00")  # only her own transfer


def test_a_split_whose_shares_do_not_add_up_is_refused_in_words(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    url = reverse("backoffice:bank-line-split", args=[hall.pk])
    form = {"version": hall.version, "tenancy_1": "2601234", "amount_1": "100,00",
            "tenancy_2": "+++000/2605/67864+++", "amount_2": "10,00"}
    page = text(as_accountant.post(url, form))
    assert "Les montants font 110,00 € au total ; ils doivent faire 120,00 €, le montant de la ligne." in page
    form["amount_2"] = "20,00"
    response = as_accountant.post(url, form)
    assert response.status_code == 302
    assert (balance_of(charged[0]), balance_of(charged[1])) == (Decimal("-100.00"), Decimal("-20.00"))


def test_a_split_naming_an_unknown_tenancy_says_so_beside_the_field(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    page = text(as_accountant.post(reverse("backoffice:bank-line-split", args=[hall.pk]), {
        "version": hall.version, "tenancy_1": "9999999", "amount_1": "120,00"}))
    assert "Aucun bail n'a ce numéro ou cette communication structurée." in page
    assert not AuditEvent.objects.filter(action="rent.bank_line_split").exists()


def test_the_accountant_marks_a_line_not_for_rent_with_a_reason(as_accountant, charged):
    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    url = reverse("backoffice:bank-line", args=[hall.pk])
    page = text(as_accountant.post(url, {"version": hall.version, "note": ""}))
    assert 'class="error-summary"' in page
    response = as_accountant.post(url, {"version": hall.version, "note": "Location de la salle commune"})
    assert response.status_code == 302
    hall.refresh_from_db()
    assert (hall.state, hall.note) == (LineState.NOT_RENT, "Location de la salle commune")


def test_the_manager_reads_the_imports_but_cannot_upload_or_decide(client, manager, accountant, charged):
    upload(accountant, "coda_212.cod")
    client.force_login(manager)
    page = text(client.get(reverse("backoffice:bank-imports")))
    assert "coda_212.cod" in page and 'type="file"' not in page
    assert _send(client, "coda_212.cod").status_code == 404
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    assert "Trouver le bail" not in text(client.get(reverse("backoffice:bank-line", args=[hall.pk])))
    assert client.post(reverse("backoffice:bank-line", args=[hall.pk]),
                       {"version": hall.version, "note": "x"}).status_code == 404


def test_the_import_pages_use_a_constant_number_of_queries(as_accountant, accountant, charged,
                                                           django_assert_max_num_queries):
    outcome = upload(accountant, "coda_212.cod")
    upload(accountant, "coda_212_213.cod")
    with django_assert_max_num_queries(14):
        as_accountant.get(reverse("backoffice:bank-import", args=[outcome.bank_import.pk]))
    with django_assert_max_num_queries(14):
        as_accountant.get(reverse("backoffice:bank-review"))
    with django_assert_max_num_queries(14):
        as_accountant.get(reverse("backoffice:bank-imports"))


def test_showing_a_payers_account_number_is_recorded(as_accountant, accountant, charged):
    from palier.audit.models import AuditEvent

    _send(as_accountant, "coda_212.cod")
    hall = BankLine.objects.get(counterparty_name="ASBL LES AMIS DU QUARTIER")
    assert hall.counterparty_iban
    as_accountant.get(reverse("backoffice:bank-line", args=[hall.pk]))
    seen = AuditEvent.objects.filter(action="audit.sensitive_read", target_id=str(hall.pk))
    assert [(e.actor_id, e.data["field"]) for e in seen] == [(accountant.pk, "counterparty_iban")]
    assert hall.counterparty_iban not in str(list(seen.values()))
