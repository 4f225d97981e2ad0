"""Builders for tests: a small, readable world of named people. Bulk data for the demo and the
benchmark comes from `manage.py seed_demo` instead."""

import datetime as dt
import itertools
import re
import subprocess  # nosec B404
import zlib
from decimal import Decimal

from palier.accounts.models import Role, User
from palier.estates.models import Agency, Building, Dwelling, Entrance, Estate, Landlord, OpeningHours
from palier.tenancies.models import Household, HouseholdRole, Person, Tenancy

_seq = itertools.count(1)
PASSWORD = "correct horse battery"  # noqa: S105  # nosec B105  # test personas' password
PIN = "482915"


def landlord():
    return Landlord.objects.first() or Landlord.objects.create(
        name="Foyer Bruxellois Démo", short_name="Foyer Démo", iban="BE71096123456769", bic="GKCCBEBB",
        creditor_id="BE69ZZZ0123456789", phone="+32 2 555 01 00", emergency_phone="+32 2 555 09 99",
        email="contact@foyer-demo.example", address="Rue Haute 100, 1000 Bruxelles",
    )


def agency(name="Agence Marolles", city="Bruxelles", postcode="1000", phone="+32 2 555 01 10"):
    a = Agency.objects.create(name=name, street="Rue Haute 100", postcode=postcode, city=city, phone=phone,
                              email=f"agence{next(_seq)}@foyer-demo.example")
    for day in range(5):
        OpeningHours.objects.create(agency=a, weekday=day, opens=dt.time(9), closes=dt.time(12, 30))
    OpeningHours.objects.create(agency=a, weekday=2, opens=dt.time(13, 30), closes=dt.time(16))
    return a


def estate(agency, name="Cité des Tilleuls"):
    return Estate.objects.create(agency=agency, name=name, postcode=agency.postcode, city=agency.city)


def building(estate, name="Bloc A", street="Rue des Tilleuls", number="12"):
    b = Building.objects.create(estate=estate, name=name, street=street, number=number, floors=6, has_lift=True)
    Entrance.objects.create(building=b, label="A", street=street, number=number)
    return b


def dwelling(building, unit=None, floor=1):
    n = next(_seq)
    return Dwelling.objects.create(
        building=building, entrance=building.entrances.first(), reference=f"D{n:06d}", unit=unit or str(n), floor=floor,
        bedrooms=2, area_m2=70,
    )


def user(role, username, first_name, last_name, *, email="", phone="", language="fr", password=PASSWORD, **extra):
    return User.objects.create_user(username, password, role=role, first_name=first_name, last_name=last_name,
                                    email=email, phone=phone, language=language, **extra)


def staff(role, username, first_name, last_name, *, agencies=(), **kw):
    u = user(role, username, first_name, last_name, email=f"{username}@foyer-demo.example", **kw)
    for a in agencies:
        a.staff.add(u)
    return u


def household_with_tenancy(dwelling, *, name, officer=None, rent="450.50", charges="85.00", number=None, start=None):
    h = Household.objects.create(name=name)
    t = Tenancy.objects.create(
        number=number or f"{2600000 + next(_seq)}", household=h, dwelling=dwelling,
        start_date=start or dt.date(2019, 3, 1), rent=Decimal(rent), charges=Decimal(charges), housing_officer=officer,
    )
    return h, t


def person(household, first_name, last_name, *, role=HouseholdRole.TENANT, email="", phone="", language="fr",
           with_account=True, by_email=False, by_sms=False):
    p = Person.objects.create(
        household=household, household_role=role, first_name=first_name, last_name=last_name,
        birth_date=dt.date(1980, 5, 17), email=email, phone=phone, language=language,
        by_email=by_email and bool(email), by_sms=by_sms and bool(phone),
    )
    if with_account:
        from django.contrib.auth.hashers import make_password

        u = user(Role.TENANT, f"t{p.pk}-{next(_seq)}", first_name, last_name, email=email, phone=phone,
                 language=language, pin=make_password(PIN))
        p.user = u
        p.save(update_fields=["user"])
    return p


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The text of a PDF as `pdftotext` reads it (poppler-utils)."""
    args = ["/usr/bin/pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603  # nosec B603


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (the catalogue sits in an object stream).

    Each stream is inflated from its start until zlib says it ended, so a stream whose compressed
    bytes happen to end in a carriage return is read whole."""
    parts = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[start.end():]))
        except zlib.error:
            continue
    return b"\n".join(parts)
