"""Builds `data/common-passwords.txt.gz`, the list of passwords Palier refuses.

The list is made here, from material Palier may ship: Django's own list of 20,000 common passwords
(BSD licence, itself drawn from published breach compilations) and the patterns people in
Belgium and France fall back on — words of the four languages, city and football-club names,
first names, keyboard rows — each with the endings breached passwords show again and again
(``1``, ``123``, ``!``, a year, ``2024!``…). Run it again after editing the word lists:

    .venv/bin/python -m palier.accounts.password_list
"""

import gzip
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator

OUT = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

WORDS = """
motdepasse motdepass mdp passe secret bonjour bonsoir salut coucou soleil amour jetaime
chocolat doudou loulou chouchou cheri cherie maman papa mamie papy famille bebe enfant
princesse prince chaton chien chat lapin tigre lion loup dragon nounours
bruxelles brussel bruxelle belgique belgie belgium belgien liege luik namur charleroi mons
anvers antwerpen gent gand brugge bruges leuven louvain paris marseille lyon lille toulouse
nice nantes bordeaux france francais wallonie vlaanderen flandre europe
anderlecht standard clubbrugge genk psg olympique om barcelona realmadrid
football foot tennis basket musique vacances printemps ete automne hiver noel paques
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin
juillet aout septembre octobre novembre decembre
wachtwoord paswoord geheim hallo hoi liefde schat schatje lieverd mama zon zomer winter
voetbal hond kat konijn welkom
passwort kennwort geheim hallo liebe schatz sonne sommer fussball hund katze willkommen
password passw0rd letmein welcome admin administrator root user login master access
monkey shadow sunshine iloveyou trustno1 superman batman football baseball dragon
qwerty azerty qwertz azertyuiop qwertyuiop asdfgh qsdfgh wxcvbn yxcvbn zxcvbn
abcdef abcdefgh abc azerty123 changeme default
palier logement locataire loyer social maison appartement residence immeuble
test testing demo essai
""".split()

NAMES = """
marie jean pierre michel nathalie isabelle sophie philippe nicolas christophe david thomas
julien laurent stephane sebastien olivier patrick alain eric anne catherine sylvie martine
christine nadia fatima mohamed ahmed ali karim youssef amina sarah lea emma louise chloe
lucas hugo louis gabriel arthur jules nathan noah adam liam mila alice lina rose
jan piet els an lies sofie tom wim luc koen bart dirk peter hans anna lena julia
kevin jessica laura julie manon camille pauline marine celine aurelie
""".split()

ENDINGS = (
    ["", "1", "12", "123", "1234", "12345", "123456", "!", "!!", "1!", "123!", ".", "*", "01", "00", "69", "77",
     "007", "2k", "@", "#1"]
    + [str(y) for y in range(1950, 2031)]
    + [f"{y}!" for y in range(2000, 2031)]
    + [f"{y:02d}" for y in range(0, 100)]
)

KEYBOARD = [
    "azertyuiop", "qwertyuiop", "qwertzuiop", "asdfghjkl", "qsdfghjklm", "wxcvbn", "zxcvbnm", "yxcvbnm",
    "1234567890", "0987654321", "1q2w3e4r", "1q2w3e4r5t", "a1z2e3r4", "azerty", "qwerty", "qwertz",
    "aqwzsx", "azqswx", "1a2z3e", "123abc", "abc123", "a1b2c3d4",
]


def candidates() -> set[str]:
    words = {w.lower() for w in WORDS + NAMES + KEYBOARD}
    found = set(CommonPasswordValidator().passwords)
    for word in words:
        for ending in ENDINGS:
            found.add(f"{word}{ending}")
        found.add(word * 2)
        found.add(word[::-1])
    for digit in "0123456789":
        for n in range(4, 13):
            found.add(digit * n)
    return {p for p in found if p}


def main() -> None:
    words = sorted(candidates())
    OUT.parent.mkdir(exist_ok=True)
    data = ("\n".join(words) + "\n").encode()
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # same input, same file
    print(f"{len(words)} passwords written to {OUT}")


if __name__ == "__main__":
    import django

    django.setup()
    main()
