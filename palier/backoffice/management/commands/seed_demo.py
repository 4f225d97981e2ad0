"""`manage.py seed_demo --dwellings N`: a fictional landlord with N dwellings, its agencies, staff,
households and the demo accounts that `manage.py demo_logins` prints.

Built for size: 100,000 dwellings take a few minutes. Rows are written with bulk_create in batches,
in one transaction; the demo password and PIN are hashed once and the hashes reused; only a
fraction of tenants (the demo accounts and about one person in ten) get an account.
"""

import datetime as dt
import math
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from palier.accounts.models import Role, User
from palier.backoffice import demo_data as d
from palier.contact.demo import seed_announcements
from palier.estates.models import (
    Agency,
    Building,
    CommonArea,
    Dwelling,
    DwellingKind,
    Entrance,
    Estate,
    Kiosk,
    Landlord,
    OpeningHours,
)
from palier.rent.demo import seed_rent
from palier.tenancies.models import Household, HouseholdRole, Person, Tenancy, payment_reference_for

BATCH = 2000
DWELLINGS_PER_ESTATE = 400
FIRST_TENANCY_NUMBER = 3000001
CENT = Decimal("0.01")


@dataclass
class DwellingSpec:
    building: int  # index into the seeder's buildings
    entrance: int  # index into the seeder's entrances
    unit: str
    floor: int
    kind: str
    bedrooms: int
    area: int
    estate: int


@dataclass
class PersonSpec:
    first_name: str
    last_name: str
    role: str
    birth_date: dt.date
    language: str
    email: str = ""
    phone: str = ""
    account: str = ""  # "", "active" or "pending"; demo accounts use their username instead
    username: str = ""


def phone_for(index: int) -> str:
    """A distinct fictional mobile number for each person index below three million."""
    return f"+324{70 + index % 30}{(index * 7919) % 10**6:06d}"


class Seeder:
    def __init__(self, *, dwellings: int, seed: int = 42, log=print):
        if dwellings < 3:
            raise ValueError("The demo needs at least 3 dwellings.")
        self.n = dwellings
        self.rng = random.Random(seed)  # nosec B311  # repeatable fictional data, not secrets
        self.log = log
        self.started = time.monotonic()
        self.password_hash = make_password(d.DEMO_PASSWORD)
        self.pin_hash = make_password(d.DEMO_PIN)
        self.unusable = make_password(None)
        self.person_seq = 0
        self.household_seq = 0
        self.counts = {"users": 0, "persons": 0, "households": 0}

    # --- helpers --------------------------------------------------------------------------

    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.1f} s"

    def pick_origin(self, dutch: bool) -> str:
        names = list(d.ORIGINS)
        weights = [d.ORIGINS[o][0] for o in names]
        if dutch:
            weights = [45 if o == "be_nl" else (8 if o == "be_fr" else w) for o, w in zip(names, weights, strict=True)]
        return self.rng.choices(names, weights)[0]

    def name(self, origin: str, female: bool) -> tuple[str, str]:
        _, women, men, last = d.ORIGINS[origin]
        return self.rng.choice(women if female else men), self.rng.choice(last)

    def birth_date(self, age: int) -> dt.date:
        return d.TODAY - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def street(self, dutch: bool) -> str:
        if dutch:
            return self.rng.choice(d.STREET_WORDS_NL) + self.rng.choice(d.STREET_KINDS_NL)
        return f"{self.rng.choice(d.STREET_KINDS_FR)} {self.rng.choice(d.STREET_WORDS_FR)}"

    # --- the landlord, its agencies and staff ----------------------------------------------

    def build_landlord_and_agencies(self) -> None:
        Landlord.objects.create(**d.LANDLORD)
        n_agencies = min(len(d.PLACES), max(4, 3 + self.n // 20000))
        self.places = d.PLACES[:n_agencies]
        self.agencies = Agency.objects.bulk_create([
            Agency(name=p.agency, street=p.street, postcode=p.postcode, city=p.city, phone=p.phone,
                   email=f"{d.ascii_slug(p.city)}@{d.STAFF_DOMAIN}")
            for p in self.places
        ])
        hours = []
        for i, agency in enumerate(self.agencies):
            for day in range(5):
                hours.append(OpeningHours(agency=agency, weekday=day, opens=dt.time(9), closes=dt.time(12, 30)))
            for day in ((1, 3) if i % 2 == 0 else (0, 2)):
                hours.append(OpeningHours(agency=agency, weekday=day, opens=dt.time(13, 30), closes=dt.time(16)))
        OpeningHours.objects.bulk_create(hours)
        self.log(f"Landlord and {len(self.agencies)} agencies ({self.elapsed()})")

    def staff_user(self, username, role, first, last, *, language="fr", organisation="", email=""):
        return User(username=username, role=role, first_name=first, last_name=last, language=language,
                    email=email or f"{username}@{d.STAFF_DOMAIN}", organisation=organisation,
                    password=self.password_hash, activated_at=d.TODAY_AWARE)

    def build_staff(self, dwellings_per_agency: list[int]) -> None:
        users, memberships = [], []  # memberships: (user index, agency index)
        taken = set()

        def add(user, agency_index=None):
            users.append(user)
            if agency_index is not None:
                memberships.append((len(users) - 1, agency_index))
            return len(users) - 1

        def invented(role, agency_index=None, language="fr", organisation=""):
            origin = self.pick_origin(language == "nl")
            first, last = self.name(origin, self.rng.random() < 0.55)
            base = f"{d.ascii_slug(first)}.{d.ascii_slug(last)}"
            username, k = base, 1
            while username in taken:
                k += 1
                username = f"{base}{k}"
            taken.add(username)
            return add(self.staff_user(username, role, first, last, language=language, organisation=organisation),
                       agency_index)

        demo = {username: (role, first, last) for username, role, first, last in d.DEMO_STAFF}
        agency_scoped = {Role.AGENT, Role.TECHNICIAN, Role.INCLUSION_OFFICER, Role.MANAGER}
        for username, (role, first, last) in demo.items():
            organisation = ""
            if role == Role.CONTRACTOR:
                organisation = d.CONTRACTORS[0][0]
            elif role == Role.HELPER:
                organisation = d.HELPER_ORGANISATIONS[0]
            add(self.staff_user(username, role, first, last, organisation=organisation),
                0 if role in agency_scoped else None)
        self.agents = {i: [] for i in range(len(self.agencies))}
        self.agents[0].append(0)  # the demo agent is the first officer of the first agency
        for i, place in enumerate(self.places):
            language = "nl" if place.dutch else "fr"
            wanted = max(2, math.ceil(dwellings_per_agency[i] / 1500))
            while len(self.agents[i]) < wanted:
                self.agents[i].append(invented(Role.AGENT, i, language))
            for _ in range(1 + dwellings_per_agency[i] // 5000 - (1 if i == 0 else 0)):
                invented(Role.TECHNICIAN, i, language)
            if i > 0:
                invented(Role.MANAGER, i, language)
                invented(Role.INCLUSION_OFFICER, i, language)
        for _ in range(1 + self.n // 30000):
            invented(Role.ACCOUNTANT)
        invented(Role.ADMINISTRATOR)
        for org, first, last in d.CONTRACTORS[1:]:
            slug = d.ascii_slug(org)
            add(self.staff_user(f"{slug}", Role.CONTRACTOR, first, last, organisation=org,
                                email=f"contact@{slug}.example"))
        for org in d.HELPER_ORGANISATIONS[1:]:
            invented(Role.HELPER, organisation=org)
        User.objects.bulk_create(users, batch_size=BATCH)
        Through = Agency.staff.through
        Through.objects.bulk_create(
            [Through(agency_id=self.agencies[a].pk, user_id=users[u].pk) for u, a in memberships], batch_size=BATCH
        )
        self.agents = {a: [users[u] for u in idx] for a, idx in self.agents.items()}
        self.counts["users"] += len(users)
        self.log(f"{len(users)} staff, helper and contractor accounts ({self.elapsed()})")

    # --- estates, buildings, entrances, common areas ---------------------------------------

    def plan_estates(self) -> list[int]:
        n_estates = max(len(self.agencies), math.ceil(self.n / DWELLINGS_PER_ESTATE))
        base, extra = divmod(self.n, n_estates)
        self.estate_sizes = [base + (1 if e < extra else 0) for e in range(n_estates)]
        per_agency = [0] * len(self.agencies)
        for e, size in enumerate(self.estate_sizes):
            per_agency[e % len(self.agencies)] += size
        return per_agency

    def build_estates(self) -> None:
        used: dict[str, int] = {}
        estates, common = [], []
        for e, _size in enumerate(self.estate_sizes):
            a = e % len(self.agencies)
            place = self.places[a]
            names = d.ESTATE_NAMES_NL if place.dutch else d.ESTATE_NAMES_FR
            name = names[(e // len(self.agencies)) % len(names)]
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = f"{name} {used[name]}"
            postcode, city = place.communes[(e // len(self.agencies)) % len(place.communes)]
            estates.append(Estate(agency=self.agencies[a], name=name, postcode=postcode, city=city))
        Estate.objects.bulk_create(estates, batch_size=BATCH)
        self.estates = estates
        buildings, entrances, self.dwelling_specs = [], [], []
        for e, size in enumerate(self.estate_sizes):
            dutch = self.places[e % len(self.agencies)].dutch
            streets = [self.street(dutch) for _ in range(self.rng.randint(1, 3))]
            numbers = {s: self.rng.randint(1, 20) for s in streets}
            houses = e > 0 and self.rng.random() < 0.12
            remaining, b = size, 0
            while remaining > 0:
                street = self.rng.choice(streets)
                letter = "ABCDEFGHJKLMNPQRSTUVWXYZ"[b % 24] + (str(b // 24 + 1) if b >= 24 else "")
                label = ("Rij " if dutch else "Rangée ") if houses else ("Blok " if dutch else "Bloc ")
                if houses:
                    count = min(remaining, self.rng.choice([4, 6, 8, 10]))
                    floors, n_entrances, per_floor = 2, count, 1
                else:
                    count = min(remaining, self.rng.choice([8, 12, 16, 20, 24, 30, 40, 48]))
                    n_entrances = 1 if count <= 16 else (2 if count <= 32 else 3)
                    per_floor = self.rng.choice([2, 3, 4])
                    floors = math.ceil(math.ceil(count / n_entrances) / per_floor)
                building_index = len(buildings)
                buildings.append(Building(estate=estates[e], name=label + letter, street=street,
                                          number=str(numbers[street]), floors=max(1, floors),
                                          has_lift=floors >= 5 or (floors >= 3 and self.rng.random() < 0.3)))
                first_entrance = len(entrances)
                for k in range(n_entrances):
                    entrances.append((building_index, chr(65 + k) if not houses else str(k + 1), street,
                                      str(numbers[street])))
                    numbers[street] += 2
                for j in range(count):
                    entrance = first_entrance + (j if houses else j * n_entrances // count)
                    within = j if houses else j - (entrance - first_entrance) * count // n_entrances
                    self.dwelling_specs.append(self.dwelling_spec(building_index, entrance, within, per_floor,
                                                                  houses, e))
                remaining -= count
                b += 1
        Building.objects.bulk_create(buildings, batch_size=BATCH)
        self.entrances = Entrance.objects.bulk_create(
            [Entrance(building=buildings[bi], label=label, street=street, number=number)
             for bi, label, street, number in entrances], batch_size=BATCH)
        self.buildings = buildings
        for e, estate in enumerate(estates):
            dutch = self.places[e % len(self.agencies)].dutch
            for name, kind in (d.COMMON_AREAS_NL if dutch else d.COMMON_AREAS_FR)[: self.rng.randint(1, 3)]:
                common.append(CommonArea(estate=estate, name=name, kind=kind))
            if e % 3 == 0:
                common.append(CommonArea(estate=estate, name=d.DIGITAL_SPACE["nl" if dutch else "fr"],
                                         kind="digital_space"))
        CommonArea.objects.bulk_create(common, batch_size=BATCH)
        space = next(c for c in common if c.estate is estates[0] and c.kind == "digital_space")
        Kiosk.objects.create(name=d.DEMO_KIOSK_NAME, estate=estates[0], common_area=space)
        self.log(f"{len(estates)} estates, {len(buildings)} buildings, {len(self.entrances)} entrances, "
                 f"{len(common)} common areas, 1 kiosk ({self.elapsed()})")

    def dwelling_spec(self, building, entrance, within, per_floor, houses, estate) -> DwellingSpec:
        if houses:
            bedrooms = self.rng.choice([2, 3, 3, 4])
            return DwellingSpec(building, entrance, "1", 0, DwellingKind.HOUSE, bedrooms,
                                55 + bedrooms * 20 + self.rng.randint(-5, 15), estate)
        floor = within // per_floor
        bedrooms = self.rng.choices([0, 1, 2, 3, 4], [10, 25, 35, 22, 8])[0]
        kind = DwellingKind.STUDIO if bedrooms == 0 else DwellingKind.FLAT
        return DwellingSpec(building, entrance, f"{floor}{'ABCD'[within % per_floor]}", floor, kind, bedrooms,
                            32 + bedrooms * 18 + self.rng.randint(-5, 10), estate)

    # --- households ------------------------------------------------------------------------

    def contacts(self, spec: PersonSpec, age: int) -> None:
        none = self.rng.random() < (0.45 if age > 75 else 0.22)
        index = self.person_seq
        if not none:
            has_email = self.rng.random() < 0.7
            has_phone = self.rng.random() < 0.9 or not has_email
            if has_email:
                spec.email = (f"{d.ascii_slug(spec.first_name)}.{d.ascii_slug(spec.last_name)}.{index}"
                              f"@{d.TENANT_DOMAIN}")
            if has_phone:
                spec.phone = phone_for(index)
            if self.rng.random() < 0.16:
                spec.account = "active" if self.rng.random() < 0.85 else "pending"

    def person(self, origin, female, role, age, language, last_name=None) -> PersonSpec:
        first, last = self.name(origin, female)
        spec = PersonSpec(first, last_name or last, role, self.birth_date(age), language)
        if role != HouseholdRole.OCCUPANT or age >= 18:
            self.contacts(spec, age)
        self.person_seq += 1
        return spec

    def household(self, dutch: bool) -> list[PersonSpec]:
        origin = self.pick_origin(dutch)
        language = "nl" if origin == "be_nl" or (dutch and self.rng.random() < 0.45) else "fr"
        r = self.rng.random()
        if r < 0.03:
            language = "de"
        elif r < 0.08:
            language = "en"
        age = int(self.rng.triangular(21, 93, 48))
        female = self.rng.random() < 0.6
        people = [self.person(origin, female, HouseholdRole.TENANT, age, language)]
        kind = self.rng.random()
        if kind > 0.38 and (kind < 0.58 or kind > 0.8):
            partner_origin = origin if self.rng.random() < 0.8 else self.pick_origin(dutch)
            same_name = people[0].last_name if self.rng.random() < 0.4 else None
            people.append(self.person(partner_origin, not female, HouseholdRole.COTENANT,
                                      max(19, age + self.rng.randint(-6, 6)), language, same_name))
        if kind > 0.58 and age < 62:
            for _ in range(self.rng.choices([1, 2, 3, 4], [40, 35, 17, 8])[0]):
                child_age = self.rng.randint(0, min(25, age - 18))
                people.append(self.person(origin, self.rng.random() < 0.5, HouseholdRole.OCCUPANT, child_age,
                                          language, people[0].last_name))
        return people

    def demo_household(self, index: int) -> list[PersonSpec]:
        P, TEN, CO, OCC = PersonSpec, HouseholdRole.TENANT, HouseholdRole.COTENANT, HouseholdRole.OCCUPANT
        if index == 0:
            people = [
                P("Samira", "El Idrissi", TEN, self.birth_date(41), "fr", d.DEMO_TENANT_EMAIL, "+32460000101",
                  username=d.DEMO_TENANT),
                P("Karim", "El Idrissi", CO, self.birth_date(44), "fr", d.DEMO_COTENANT_EMAIL, "+32460000102",
                  username=d.DEMO_COTENANT),
                P("Yasmine", "El Idrissi", OCC, self.birth_date(12), "fr"),
                P("Adam", "El Idrissi", OCC, self.birth_date(8), "fr"),
            ]
        elif index == 1:
            people = [P("Joseph", "Mbuyi", TEN, self.birth_date(79), "fr", username=d.DEMO_KIOSK_TENANT)]
        else:
            people = [P("Els", "Janssens", TEN, self.birth_date(34), "nl", d.DEMO_NEW_TENANT_EMAIL,
                        username=d.DEMO_NEW_TENANT),
                      P("Wout", "Janssens", OCC, self.birth_date(5), "nl")]
        self.person_seq += len(people)
        return people

    def account_for(self, spec: PersonSpec, index: int) -> User | None:
        fields = {"role": Role.TENANT, "first_name": spec.first_name, "last_name": spec.last_name,
                  "email": spec.email, "phone": spec.phone, "language": spec.language}
        if spec.username:
            active = spec.username != d.DEMO_NEW_TENANT
            password, pin = self.password_hash, self.pin_hash
            if spec.username == d.DEMO_COTENANT:
                password, pin = make_password(d.COTENANT_PASSWORD), make_password(d.COTENANT_PIN)
            if not active:
                password, pin = self.unusable, ""
            return User(username=spec.username, password=password, pin=pin,
                        activated_at=d.TODAY_AWARE if active else None, **fields)
        if not spec.account:
            return None
        active = spec.account == "active"
        return User(username=f"tenant-{index}", password=self.password_hash if active else self.unusable,
                    pin=self.pin_hash if active and self.rng.random() < 0.3 else "",
                    activated_at=d.TODAY_AWARE if active else None, **fields)

    def build_households(self) -> None:
        specs = self.dwelling_specs
        for start in range(0, len(specs), BATCH):
            chunk = specs[start:start + BATCH]
            dwellings = Dwelling.objects.bulk_create([
                Dwelling(building=self.buildings[s.building], entrance=self.entrances[s.entrance],
                         reference=f"TC{start + i + 1:06d}", unit=s.unit, floor=s.floor, kind=s.kind,
                         bedrooms=s.bedrooms, area_m2=s.area)
                for i, s in enumerate(chunk)
            ])
            plans = []
            for i, (spec, dwelling) in enumerate(zip(chunk, dwellings, strict=True)):
                index = start + i
                if index >= 3 and self.rng.random() >= 0.96:
                    continue  # vacant
                dutch = self.places[spec.estate % len(self.agencies)].dutch
                people = self.demo_household(index) if index < 3 else self.household(dutch)
                plans.append((spec, dwelling, people))
            self.write_households(plans)
            done = start + len(chunk)
            if done % 10000 < BATCH or done == len(specs):
                self.log(f"  {done:,} / {len(specs):,} dwellings ({self.elapsed()})")

    def write_households(self, plans) -> None:
        households = Household.objects.bulk_create([
            Household(name=" – ".join(dict.fromkeys(p.last_name for p in people if p.role != HouseholdRole.OCCUPANT)))
            for _, _, people in plans
        ])
        tenancies, users, persons = [], [], []
        for (spec, dwelling, people), household in zip(plans, households, strict=True):
            number = str(FIRST_TENANCY_NUMBER + self.household_seq)
            self.household_seq += 1
            estate_index = spec.estate
            agents = self.agents[estate_index % len(self.agencies)]
            officer = agents[(estate_index // len(self.agencies)) % len(agents)]
            tenant_birth = people[0].birth_date
            earliest = max(dt.date(1985, 1, 1), tenant_birth + dt.timedelta(days=19 * 366))
            span = max(30, (d.TODAY - earliest).days)
            rent = Decimal(180 + dwelling.bedrooms * 70 + self.rng.uniform(-40, 160)).quantize(CENT)
            charges = Decimal(35 + dwelling.bedrooms * 12 + self.rng.uniform(0, 40)).quantize(CENT)
            tenancies.append(Tenancy(
                number=number, payment_reference=payment_reference_for(number), household=household,
                dwelling=dwelling, start_date=d.TODAY - dt.timedelta(days=self.rng.randint(30, span)),
                rent=rent, charges=charges, housing_officer=officer,
            ))
            for p in people:
                user = self.account_for(p, self.counts["persons"] + len(persons))
                if user is not None:
                    users.append(user)
                persons.append((household, p, user))
        Tenancy.objects.bulk_create(tenancies, batch_size=BATCH)
        User.objects.bulk_create(users, batch_size=BATCH)
        rows = []
        for household, p, user in persons:
            rows.append(Person(
                household=household, household_role=p.role, first_name=p.first_name, last_name=p.last_name,
                birth_date=p.birth_date, email=p.email, phone=p.phone, language=p.language,
                by_email=bool(p.email) and self.rng.random() < 0.6, by_sms=bool(p.phone) and self.rng.random() < 0.5,
                by_post=not p.email or self.rng.random() < 0.3, user=user,
            ))
        Person.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["users"] += len(users)
        self.counts["persons"] += len(rows)
        self.counts["households"] += len(households)

    # --- all of it -------------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> dict:
        self.build_landlord_and_agencies()
        per_agency = self.plan_estates()
        self.build_staff(per_agency)
        self.build_estates()
        self.build_households()
        self.log(f"{seed_rent():,} rent ledger lines (the last 3 months) in {self.elapsed()}")
        manager = User.objects.filter(username="demo-manager", role=Role.MANAGER).first()
        if manager is not None:
            self.log(f"{seed_announcements(manager)} announcements ({self.elapsed()})")
        from palier.contact.demo import seed_contact

        self.log(f"{seed_contact()} contact items: appointment times, messages, a call-back ({self.elapsed()})")
        from palier.mandates.demo import seed_mandates

        self.log(f"{seed_mandates()} helper mandate ({self.elapsed()})")
        from palier.rent.debit_demo import seed_debit

        self.log(f"{seed_debit()} direct debit mandates and payment plan ({self.elapsed()})")
        from palier.rent.documents_demo import seed_rent_documents

        self.log(f"{seed_rent_documents()} rent notices and receipts for the demo households ({self.elapsed()})")
        from palier.inclusion.demo import seed_inclusion

        self.log(f"{seed_inclusion()} workshop sessions, partners and a digital space ({self.elapsed()})")
        from palier.rent.bank.demo import seed_bank

        self.log(f"{seed_bank()} bank statement lines imported for the accountant ({self.elapsed()})")
        from palier.repairs.demo import seed_repairs

        self.log(f"{seed_repairs()} repair requests in every state, contractors and a team ({self.elapsed()})")
        from palier.income.demo import seed_income

        self.log(f"{seed_income():,} households asked for their income documents ({self.elapsed()})")
        self.log(f"{self.n:,} dwellings, {self.counts['households']:,} households, "
                 f"{self.counts['persons']:,} persons, {self.counts['users']:,} accounts in {self.elapsed()}")
        return self.counts


class Command(BaseCommand):
    help = "Fill an empty database with a fictional landlord, its estates, tenants, staff and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--dwellings", type=int, default=300, help="How many dwellings (default 300).")
        parser.add_argument("--seed", type=int, default=42, help="The same seed always gives the same data.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has a landlord (keeps demo data).")

    def handle(self, *args, dwellings, seed, if_empty, **options):
        if Landlord.objects.exists():
            if if_empty:
                self.stdout.write("The database already has a landlord: the demo data is kept.")
                return
            raise CommandError("The database already has a landlord. Use an empty database "
                               "(make clean-demo), or --if-empty to keep it.")
        if dwellings < 3:
            raise CommandError("Ask for at least 3 dwellings.")
        self.stdout.write(f"Building a fictional landlord with {dwellings:,} dwellings (seed {seed})…")
        Seeder(dwellings=dwellings, seed=seed, log=self.stdout.write).run()
