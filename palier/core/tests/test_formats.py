import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from palier.core.formats import format_date, format_money


def test_amounts_are_written_the_way_each_language_writes_them():
    assert format_money(Decimal("450.50"), "fr") == "450,50\xa0€"
    assert format_money(Decimal("1450.50"), "nl") == "€\xa01.450,50"
    assert format_money(Decimal("450.5"), "en") == "€450.50"
    assert format_money(Decimal("1450.50"), "de") == "1.450,50\xa0€"


def test_the_money_filter_follows_the_active_language():
    template = Template("{% load palier %}{{ amount|money }}")
    with translation.override("fr"):
        assert template.render(Context({"amount": Decimal("85")})) == "85,00\xa0€"
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("85")})) == "€85.00"


def test_dates_are_written_in_words_in_the_persons_language():
    day = dt.date(2026, 12, 1)
    assert format_date(day, "fr") == "1 décembre 2026"
    assert format_date(day, "nl") == "1 december 2026"
    assert format_date(day, "de") == "1. Dezember 2026"
