"""The fictional landlord of the demo and the benchmark: its name, places, people's names and the
demo accounts. Every person, street and firm here is invented; the communes are real Belgian ones.

`manage.py seed_demo` builds the data from these lists with `random.Random(seed)`, so a seed always
gives the same landlord, down to the last name.
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass

# One password for every demo account, except the co-tenant: she shares a tenancy number with the
# tenant, and signing in with a tenancy number picks the account whose password matches.
DEMO_PASSWORD = "demo-palier-2026"  # noqa: S105  # nosec B105  # fictional demo accounts, printed by demo_logins
COTENANT_PASSWORD = "demo-palier-2026-co"  # noqa: S105  # nosec B105  # fictional demo account
DEMO_PIN = "246810"
COTENANT_PIN = "135792"

LANDLORD = {
    "name": "Le Toit Commun — société de logement de démonstration",
    "short_name": "Toit Commun (démo)",
    "iban": "BE71096123456769",
    "bic": "GKCCBEBB",
    "creditor_id": "BE89ZZZ0598765432",
    "phone": "+32 2 555 40 00",
    "emergency_phone": "+32 2 555 49 99",
    "email": "contact@toit-commun.example",
    "website": "https://toit-commun.example",
    "address": "Rue du Grand Palier 14, 1000 Bruxelles",
}
STAFF_DOMAIN = "toit-commun.example"
TENANT_DOMAIN = "example.org"


@dataclass(frozen=True)
class Place:
    """An agency and the communes its estates stand in. `dutch` agencies name streets in Dutch."""

    agency: str
    street: str
    postcode: str
    city: str
    phone: str
    communes: tuple[tuple[str, str], ...]
    dutch: bool = False


PLACES = [
    Place("Agence Bruxelles-Centre", "Rue du Grand Palier 14", "1000", "Bruxelles", "+32 2 555 41 00",
          (("1000", "Bruxelles"), ("1020", "Laeken"), ("1120", "Neder-Over-Heembeek"))),
    Place("Agence Schaerbeek-Evere", "Avenue des Glycines Bleues 52", "1030", "Schaerbeek", "+32 2 555 42 00",
          (("1030", "Schaerbeek"), ("1140", "Evere"), ("1210", "Saint-Josse-ten-Noode"))),
    Place("Agence Anderlecht-Molenbeek", "Rue du Vieux Moulin à Papier 8", "1070", "Anderlecht", "+32 2 555 43 00",
          (("1070", "Anderlecht"), ("1080", "Molenbeek-Saint-Jean"), ("1190", "Forest"))),
    Place("Kantoor Mechelen", "Zonnewijzerlaan 12", "2800", "Mechelen", "+32 15 55 44 00",
          (("2800", "Mechelen"), ("1800", "Vilvoorde"), ("2830", "Willebroek")), dutch=True),
    Place("Agence Liège-Seraing", "Rue des Houilleurs Imaginaires 5", "4000", "Liège", "+32 4 555 45 00",
          (("4000", "Liège"), ("4100", "Seraing"), ("4020", "Liège"))),
    Place("Agence Charleroi", "Rue du Terril Vert 22", "6000", "Charleroi", "+32 71 55 46 00",
          (("6000", "Charleroi"), ("6040", "Jumet"), ("6030", "Marchienne-au-Pont"))),
    Place("Agence Namur-Jambes", "Quai des Péniches Rouges 31", "5000", "Namur", "+32 81 55 47 00",
          (("5000", "Namur"), ("5100", "Jambes"), ("5002", "Saint-Servais"))),
]

STREET_WORDS_FR = [
    "des Tilleuls", "des Hirondelles", "des Coquelicots", "des Ardoisiers", "des Tisserands", "des Verriers",
    "des Lavandières", "des Tonneliers", "des Brodeuses", "des Horlogers", "des Merisiers", "du Petit Marronnier",
    "des Alouettes", "du Vieux Lavoir", "des Mésanges", "des Fondeurs", "des Cerisiers Blancs", "du Moulin Rouge-Gorge",
    "des Charrons", "des Passeurs", "de la Source Claire", "des Jardins Ouvriers", "du Pont des Vanniers",
    "des Lilas Sauvages", "des Bouleaux", "des Chaudronniers", "de l'Étoile du Berger", "des Relieurs",
]
STREET_KINDS_FR = ["Rue", "Rue", "Rue", "Avenue", "Clos", "Square", "Place", "Allée"]
STREET_WORDS_NL = [
    "Linde", "Zwaluw", "Klaproos", "Wever", "Glazenmaker", "Kuiper", "Ooievaar", "Meidoorn", "Kersenbloesem",
    "Leeuwerik", "Molenwiek", "Smidse", "Vlasbloem", "Kantwerkster", "Beiaard", "Heidebloem",
]
STREET_KINDS_NL = ["straat", "straat", "laan", "plein", "hof", "dreef"]

ESTATE_NAMES_FR = [
    "Cité des Tilleuls", "Résidence Les Hirondelles", "Cité Jardin du Coteau", "Résidence Bel-Horizon",
    "Cité du Vieux Lavoir", "Résidence Les Ardoisières", "Cité de la Source", "Résidence Le Clos Fleuri",
    "Cité des Tisserands", "Résidence Les Peupliers", "Cité du Plateau", "Résidence Soleil Levant",
    "Cité des Alouettes", "Résidence Les Verriers", "Cité Nouvelle Aurore", "Résidence du Parc Joyeux",
]
ESTATE_NAMES_NL = [
    "Wijk De Linde", "Residentie Zonneveld", "Tuinwijk Klaproos", "Residentie Het Anker", "Wijk Ooievaarsnest",
    "Residentie De Beiaard", "Tuinwijk Heidebloem", "Wijk Molenwiek",
]

# Common rooms, laundries and bike rooms; every third estate also has a digital space.
COMMON_AREAS_FR = [("Salle commune", "common_room"), ("Buanderie", "laundry"), ("Local vélos", "bike_storage")]
COMMON_AREAS_NL = [("Gemeenschapszaal", "common_room"), ("Wasruimte", "laundry"), ("Fietsenberging", "bike_storage")]
DIGITAL_SPACE = {"fr": "Espace numérique", "nl": "Digitale ruimte"}


# Names by family origin: (weight, first names for women, first names for men, last names).
ORIGINS = {
    "be_fr": (40, [
        "Marie", "Nathalie", "Isabelle", "Sophie", "Julie", "Camille", "Chantal", "Martine", "Léa", "Manon",
        "Christine", "Véronique", "Monique", "Sandrine", "Émilie", "Laura", "Charlotte", "Louise", "Anne", "Josée",
    ], [
        "Jean", "Michel", "Philippe", "Thomas", "Nicolas", "Christophe", "Pierre", "Luc", "Olivier", "Maxime",
        "Alain", "Didier", "Julien", "Kevin", "Louis", "Arthur", "Jacques", "Marc", "Bernard", "Hugo",
    ], [
        "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Dumont", "Lemaire", "Renard",
        "Mertens", "Collard", "Gilson", "Wauters", "Lejeune", "Denis", "Fontaine", "Noël", "Henrard", "Delvaux",
        "Piron", "Jacquet", "Thiry", "Massart", "Hubert", "Goffin", "Lecomte", "Dethier", "Michaux", "Lefèbvre",
    ]),
    "be_nl": (18, [
        "Els", "An", "Katrien", "Griet", "Sofie", "Lieve", "Hilde", "Marleen", "Emma", "Lotte", "Fien", "Nele",
        "Ine", "Linde", "Jolien", "Greet",
    ], [
        "Jan", "Pieter", "Koen", "Bart", "Wim", "Dirk", "Joris", "Stijn", "Jens", "Lars", "Wout", "Geert",
        "Tom", "Ruben", "Tibo", "Luc",
    ], [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
        "Vermeulen", "Pauwels", "Van den Broeck", "Hermans", "Aerts", "De Clercq", "Verhoeven", "Van Damme",
        "Michiels", "Smets",
    ]),
    "ma": (15, [
        "Fatima", "Khadija", "Samira", "Nadia", "Amina", "Malika", "Saïda", "Houda", "Imane", "Yasmina",
        "Siham", "Zineb", "Naïma", "Latifa", "Salma", "Rania",
    ], [
        "Mohamed", "Ahmed", "Youssef", "Mustapha", "Hassan", "Rachid", "Karim", "Said", "Abdelkader", "Khalid",
        "Mehdi", "Anas", "Bilal", "Hamza", "Ilyas", "Omar",
    ], [
        "El Idrissi", "Benali", "El Amrani", "Boukhari", "Ouali", "Azzouzi", "El Khattabi", "Bouzid", "Cherkaoui",
        "Haddou", "El Ouahabi", "Tahiri", "Amrani", "Bakkali", "Ziani", "El Mansouri", "Lahlou", "Rifi",
    ]),
    "tr": (6, [
        "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra", "Esra", "Derya",
    ], [
        "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Emre", "Burak", "Murat",
    ], [
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç", "Aslan",
    ]),
    "cd": (7, [
        "Grâce", "Espérance", "Béatrice", "Nadège", "Clarisse", "Ornella", "Merveille", "Divine", "Joëlle", "Rebecca",
    ], [
        "Jean-Pierre", "Patrick", "Joseph", "Emmanuel", "Christian", "Glody", "Héritier", "Trésor", "Fiston", "Papy",
    ], [
        "Mbuyi", "Kabongo", "Tshibangu", "Ilunga", "Mukendi", "Kalonji", "Lukusa", "Mputu", "Nsimba", "Kasongo",
        "Mavungu", "Lokuli",
    ]),
    "it": (6, [
        "Giuseppina", "Maria", "Rosa", "Anna", "Francesca", "Giulia", "Carmela", "Lucia", "Chiara", "Sara",
    ], [
        "Giuseppe", "Antonio", "Salvatore", "Francesco", "Mario", "Vincenzo", "Luca", "Marco", "Rocco", "Angelo",
    ], [
        "Russo", "Esposito", "Romano", "Colombo", "Ricci", "Bruno", "Greco", "Conti", "De Luca", "Mancini",
        "Lombardi", "Caruso",
    ]),
    "pl": (4, [
        "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Ewa", "Zofia",
    ], [
        "Piotr", "Krzysztof", "Tomasz", "Paweł", "Marek", "Michał", "Jakub", "Grzegorz",
    ], [
        "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański",
    ]),
    "pt_es": (2, [
        "Ana", "Carmen", "Maria José", "Inês", "Lucía", "Rosa",
    ], [
        "José", "Manuel", "António", "Carlos", "Javier", "Rui",
    ], [
        "Silva", "Pereira", "Ferreira", "García", "Fernández", "Martínez", "Rodrigues", "Gomes",
    ]),
    "ro": (1, ["Ioana", "Elena", "Andreea", "Mihaela"], ["Andrei", "Bogdan", "Mihai", "Florin"],
           ["Popescu", "Ionescu", "Dumitru", "Stan", "Constantin"]),
    "wa": (1, ["Aïssatou", "Fatoumata", "Mariama", "Kadiatou"], ["Mamadou", "Ibrahima", "Ousmane", "Alpha"],
           ["Diallo", "Barry", "Sow", "Bah", "Camara"]),
    "sy": (1, ["Rasha", "Mariam", "Lina", "Nour"], ["Rami", "Omar", "Khaled", "Tarek"],
           ["Al-Hassan", "Haddad", "Khoury", "Al-Ahmad"]),
}

HELPER_ORGANISATIONS = [
    "Entraide Quartier Nord (fictive)", "Maison de Quartier Les Tilleuls (fictive)", "CPAS de démonstration",
    "Buurtwerk De Brug (fictief)",
]
CONTRACTORS = [
    ("BatiDémo SRL", "Luc", "Martin"), ("Chauffage Imaginaire SA", "Nour", "Belkacem"),
    ("Loodgieterij Fictief BV", "Bram", "Vos"), ("Ascenseurs Pour-Rire SRL", "Ana", "Silva"),
]

# The demo accounts, in the order demo_logins prints them. Staff sign in with their username.
DEMO_STAFF = [
    # (username, role, first name, last name)
    ("demo-agent", "agent", "Nadia", "Haddad"),
    ("demo-technician", "technician", "Thomas", "Lambert"),
    ("demo-contractor", "contractor", "Luc", "Martin"),
    ("demo-accountant", "accountant", "Claire", "Dubois"),
    ("demo-inclusion", "inclusion_officer", "Inès", "Moreau"),
    ("demo-manager", "manager", "Marc", "Lemaire"),
    ("demo-admin", "administrator", "Alice", "Verbeke"),
    ("demo-dpo", "dpo", "Hélène", "Dumont"),
    ("demo-helper", "helper", "Sophie", "Laurent"),
]
DEMO_TENANT = "demo-tenant"
DEMO_COTENANT = "demo-cotenant"
DEMO_KIOSK_TENANT = "demo-kiosk-tenant"
DEMO_NEW_TENANT = "demo-new-tenant"
DEMO_TENANT_EMAIL = f"samira.elidrissi@{TENANT_DOMAIN}"
DEMO_COTENANT_EMAIL = f"karim.elidrissi@{TENANT_DOMAIN}"
DEMO_NEW_TENANT_EMAIL = f"els.janssens@{TENANT_DOMAIN}"
DEMO_KIOSK_NAME = "Borne de l'espace numérique"

# Ages and tenancy dates are counted from here, so a seed always gives the same data.
TODAY = dt.date(2026, 1, 1)
TODAY_AWARE = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


def ascii_slug(text: str) -> str:
    """'Yılmaz' → 'yilmaz', 'El Idrissi' → 'elidrissi': for fictional email addresses."""
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())
