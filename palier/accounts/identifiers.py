"""Turning what a person types into the accounts it may name.

A tenant may sign in with an email address, a phone number or their tenancy number. The tenancy
number belongs to a higher app (tenancies), which registers a resolver here from its
`AppConfig.ready()`.
"""

import re
from collections.abc import Callable, Iterable

_resolvers: list[Callable[[str], Iterable]] = []


def register_resolver(resolver: Callable[[str], Iterable]) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def normalise_phone(text: str) -> str:
    """'0470 12 34 56' → '+32470123456'; '+33 6 12…' kept international. Belgian by default."""
    digits = re.sub(r"[^\d+]", "", text or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    return digits


def looks_like_phone(text: str) -> bool:
    return bool(re.fullmatch(r"\+?[\d\s./()-]{9,20}", text.strip())) and (
        text.strip().startswith(("+", "0"))
    )


def normalise(text: str) -> str:
    text = (text or "").strip()
    if "@" in text:
        return text.lower()
    return text


def candidate_users(identifier: str) -> list:
    """Active accounts the identifier may name (an email, a phone, a staff username, a tenancy
    number). Never more than a household's worth."""
    from .models import User

    identifier = normalise(identifier)
    if not identifier:
        return []
    qs = User.objects.filter(is_active=True)
    if "@" in identifier:
        return list(qs.filter(email__iexact=identifier)[:5])
    found = list(qs.filter(username=identifier)[:1])
    if looks_like_phone(identifier):
        found += list(qs.filter(phone=normalise_phone(identifier))[:5])
    for resolver in _resolvers:
        found += list(resolver(identifier))
    unique = {u.pk: u for u in found if u.is_active}
    return list(unique.values())[:10]


# Mobile numbers of the countries Palier's tenants mostly have, after `normalise_phone`: Belgium
# 04…, France 06/07…, the Netherlands 06…, Luxembourg 6…, Germany 015/016/017…
_MOBILE = re.compile(r"\+(?:324\d{8}|33[67]\d{8}|316\d{8}|3526\d{8}|491[5-7]\d{7,9})")
_KNOWN_COUNTRIES = ("+32", "+33", "+31", "+352", "+49")


def is_mobile_phone(text: str) -> bool:
    """Whether a text message can reach this number: a mobile number of a country we know the
    plan of, or any number of another country (we cannot tell, so we try). A Belgian or French
    landline ('02 555 01 10') is not."""
    number = normalise_phone(text)
    if not re.fullmatch(r"\+\d{8,15}", number):
        return False
    if number.startswith(_KNOWN_COUNTRIES):
        return bool(_MOBILE.fullmatch(number))
    return True
