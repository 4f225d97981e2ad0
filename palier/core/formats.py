"""Amounts and dates formatted for the person's locale (`450,50 €` in fr_BE)."""

from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency
from django.conf import settings
from django.utils import translation


def locale_for(language: str | None = None) -> str:
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return settings.PALIER_LOCALES.get(language, "fr_BE")


def format_money(amount: Decimal | int | None, language: str | None = None) -> str:
    if amount is None:
        return ""
    return format_currency(Decimal(amount), "EUR", locale=locale_for(language))


def format_date(value, language: str | None = None, form: str = "long") -> str:
    if value is None:
        return ""
    return babel_format_date(value, format=form, locale=locale_for(language))
