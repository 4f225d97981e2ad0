import io

import pytest
from django.core.management import call_command

from palier.rent.bank.demo import seed_bank
from palier.rent.bank_models import BankImport, LineState

pytestmark = pytest.mark.django_db


def test_the_demo_accountant_finds_a_statement_with_matched_lines_and_a_review_queue():
    call_command("seed_demo", dwellings=30, stdout=io.StringIO())
    bank_import = BankImport.objects.get()
    states = list(bank_import.lines.values_list("state", flat=True))
    assert states.count(LineState.MATCHED) >= 10
    assert states.count(LineState.REVIEW) >= 2
    assert LineState.NOT_RENT in states
    assert seed_bank() == 0  # a second seed adds nothing
