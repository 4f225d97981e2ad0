"""Bank reason codes of returned direct debits, in plain words: for the accountant (what happened,
what to do) and, kindly, for the tenant."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from palier.core.acting import Acting
from palier.notifications.models import Message
from palier.rent import direct_debit as debits
from palier.rent import return_codes

from .test_debit import collected, mandate, now  # noqa: F401  (fixtures)

ALL = ("AC01", "AC04", "AC06", "AG01", "AM04", "MD01", "MD06", "MS02", "MS03", "SL01")


@pytest.mark.parametrize("code", ALL)
def test_every_common_code_has_words_for_staff_and_for_the_tenant_in_four_languages(code):
    texts = {}
    for language in ("en", "fr", "nl", "de"):
        with translation.override(language):
            texts[language] = (return_codes.for_staff(code), return_codes.for_tenant(code))
    assert len({staff for staff, _ in texts.values()}) == 4, texts  # translated, not the English source
    assert len({tenant for _, tenant in texts.values()}) == 4, texts
    assert all(staff != return_codes.for_staff("") for staff, _ in texts.values())


def test_the_code_is_found_in_what_the_bank_wrote():
    assert return_codes.code_of("AM04") == "AM04"
    assert return_codes.code_of("am04 insufficient funds") == "AM04"
    assert return_codes.code_of("Return reason: MD06 refund request") == "MD06"
    assert return_codes.code_of("XX99") == ""
    assert return_codes.code_of("") == ""
    with translation.override("fr"):
        assert "Provision insuffisante" in return_codes.for_staff("AM04")
        assert "pas assez d'argent" in return_codes.for_tenant("AM04")
        assert "ne nous a pas dit pourquoi" in return_codes.for_tenant("ZZ12 whatever")


@pytest.mark.django_db
def test_the_tenant_is_told_kindly_why_the_debit_came_back(collected, accountant, tenant_person):  # noqa: F811
    debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id=collected.end_to_end_id,
                               amount=Decimal("535.50"), reason="AC04", booked_on=dt.date(2026, 11, 20))
    told = Message.objects.filter(person=tenant_person).order_by("-pk").first()
    assert "Pourquoi : Votre banque dit que ce numéro de compte est faux ou fermé." in told.body


@pytest.mark.django_db
def test_the_accountant_reads_the_returns_with_their_meaning(client, collected, accountant, agent):  # noqa: F811
    debits.book_returned_debit(acting=Acting(user=accountant), end_to_end_id=collected.end_to_end_id,
                               amount=Decimal("535.50"), reason="AM04 insufficient funds",
                               booked_on=dt.date(2026, 11, 20))
    client.force_login(accountant)
    page = client.get(reverse("backoffice:debit-returns")).content.decode()
    assert "AM04" in page and "Provision insuffisante sur le compte" in page
    batch = client.get(reverse("backoffice:debit-batch", kwargs={"pk": collected.batch_id})).content.decode()
    assert "Provision insuffisante sur le compte" in batch
    client.force_login(agent)
    assert client.get(reverse("backoffice:debit-returns")).status_code == 404
